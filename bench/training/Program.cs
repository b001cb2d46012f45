using System.Diagnostics;
using System.Globalization;
using DatasetForge.Bench.Training;
using DatasetForge.Core.Definitions;
using DatasetForge.Torch.Native;
using DatasetForge.Training.Models;
using DatasetForge.Training.Runs;
using TorchSharp;

// Usage: dotnet run -c Release --project bench/training -- MODEL TRAIN_COUNT TEST_COUNT EPOCHS BATCH THREADS SIZE
//        [augment] [schedule=none|cosine|plateau|onecycle] [lr=0.001]
//        tensorfile COUNT SIDE [BATCH]: the data path alone (decode, tensor file build and reuse, batch preparation).
//        faces [models=a,b folds=5 epochs=20 size=128 …]: k-fold on a real-face identity task (see FaceBench).
// Prints one line: model, images/s over all epochs (training only), test accuracy, wall seconds, peak working set (MiB),
// managed + native memory after each epoch is in the per-epoch lines (flat native memory = no leak per batch).
var culture = CultureInfo.InvariantCulture;
if (args.Length > 0 && args[0] == "faces")
{
    await FaceBench.RunAsync(args[1..]);
    return;
}

if (args.Length > 0 && args[0] == "tensorfile")
{
    TensorFileBench.Run(
        args.Length > 1 ? int.Parse(args[1], culture) : 20_000,
        args.Length > 2 ? int.Parse(args[2], culture) : 64,
        args.Length > 3 ? int.Parse(args[3], culture) : 64);
    return;
}

var model = args.Length > 0 ? args[0] : "small-cnn";
var trainCount = args.Length > 1 ? int.Parse(args[1], culture) : 10_000;
var testCount = args.Length > 2 ? int.Parse(args[2], culture) : 10_000;
var epochs = args.Length > 3 ? int.Parse(args[3], culture) : 1;
var batch = args.Length > 4 ? int.Parse(args[4], culture) : 64;
var threads = args.Length > 5 ? int.Parse(args[5], culture) : 2;
var size = args.Length > 6 ? int.Parse(args[6], culture) : 32;
var extras = args.Skip(7).ToArray();
var augment = extras.Contains("augment");
var schedule = extras.FirstOrDefault(a => a.StartsWith("schedule=", StringComparison.Ordinal))?["schedule=".Length..] ?? "none";
var learningRate = double.Parse(
    extras.FirstOrDefault(a => a.StartsWith("lr=", StringComparison.Ordinal))?["lr=".Length..] ?? "0.001", culture);

TorchNative.EnsureLoaded();
torch.set_num_threads(threads);
torch.manual_seed(1);
var wall = Stopwatch.StartNew();
var train = FashionMnistSet.Load("train", trainCount, size);
var test = FashionMnistSet.Load("t10k", testCount, size);
var folder = Directory.CreateTempSubdirectory("forge-bench-").FullName;
var options = new TrainingOptions
{
    Model = model, InputSize = size, Epochs = epochs, BatchSize = batch, LearningRate = learningRate, Schedule = schedule, Patience = 0, Device = "cpu",
    FlipProbability = augment ? 0.5 : 0, ShiftFraction = augment ? 1.0 / 16 : 0,
};
using var network = ModelFactory.Create(model, new ModelShape(1, size, 10));
var process = Process.GetCurrentProcess();
var outcome = ModelTrainer.Fit(
    network, train, null, new TrainerSettings(options, 1, folder), torch.CPU, TimeProvider.System,
    e =>
    {
        process.Refresh();
        Console.WriteLine(string.Create(culture, $"epoch {e.Epoch}: loss {e.TrainLoss:0.0000} acc {e.TrainAccuracy:0.0000} {e.Seconds:0.0}s rss {process.WorkingSet64 / 1048576} MiB"));
    });
var (predicted, _) = ModelTrainer.Predict(network, test, torch.CPU, 256);
var accuracy = predicted.Where((p, i) => p == test.Items[i].ClassIndex).Count() / (double)test.Count;
process.Refresh();
Console.WriteLine(string.Create(
    culture,
    $"RESULT torchsharp model={model} train={train.Count} epochs={epochs} batch={batch} threads={threads} size={size} " +
    $"augment={augment} schedule={schedule} lr={learningRate} " +
    $"images_per_s={outcome.ImagesPerSecond:0.0} data_wait_s={outcome.DataWaitSeconds:0.00} train_s={outcome.TrainSeconds:0.0} " +
    $"test_acc={accuracy:0.0000} wall_s={wall.Elapsed.TotalSeconds:0.0} peak_rss_mib={process.PeakWorkingSet64 / 1048576}"));
Directory.Delete(folder, recursive: true);
