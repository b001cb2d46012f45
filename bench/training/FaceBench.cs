using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Assets;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Versions;
using DatasetForge.Core.Workspace;
using DatasetForge.FaceModels.Analysis;
using DatasetForge.FaceModels.Networks;
using DatasetForge.FaceModels.Weights;
using DatasetForge.Torch.Native;
using DatasetForge.Training.CrossValidation;
using DatasetForge.Training.Data;
using DatasetForge.Training.Models;
using DatasetForge.Training.Runs;
using OpenCvSharp;
using TorchSharp;

namespace DatasetForge.Bench.Training;

/// <summary>
/// The face models against models trained from scratch on a real-face task (<see cref="FaceSet"/>): k-fold
/// cross-validation through <see cref="CrossValidator"/> on a version written as the export writes one, per model
/// the mean and sample standard deviation of the folds' accuracy at their best epoch (chosen on the same fold, as
/// <c>forge train --folds</c> reports it, so optimistic) and at their last epoch (no choice), and the time per fold.
/// </summary>
public static class FaceBench
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>
    /// Arguments, all <c>name=value</c> and optional: <c>models=face-embedding,face-finetune,small-cnn,resnet18</c>
    /// <c>folds=5 epochs=15 patience=5 size=128 batch=16 lr=0.001 threads=2 seed=7 franck=2 cap=1 crop=0.6</c>
    /// <c>facePercent=0.5 grey=false mask=0</c> (how the crops are cut; mask: the central fraction painted grey, a control) <c>freeze=</c> (face-finetune's, default its own)
    /// <c>blr=</c> (backboneLearningRate, default the option's)
    /// <c>keep=DIR</c> (keep the workspace there).
    /// </summary>
    public static async Task RunAsync(IReadOnlyList<string> args)
    {
        string Arg(string name, string fallback) =>
            args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..] ?? fallback;
        var models = Arg("models", "face-embedding,face-finetune,small-cnn,resnet18").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var folds = int.Parse(Arg("folds", "5"), Culture);
        var epochs = int.Parse(Arg("epochs", "15"), Culture);
        var patience = int.Parse(Arg("patience", "5"), Culture);
        var size = int.Parse(Arg("size", "128"), Culture);
        var batch = int.Parse(Arg("batch", "16"), Culture);
        var learningRate = double.Parse(Arg("lr", "0.001"), Culture);
        var threads = int.Parse(Arg("threads", "2"), Culture);
        var seed = int.Parse(Arg("seed", "7"), Culture);
        var franckEvery = double.Parse(Arg("franck", "2"), Culture);
        var capEvery = double.Parse(Arg("cap", "1"), Culture);
        var crop = double.Parse(Arg("crop", "0.6"), Culture);
        var facePercent = double.Parse(Arg("facePercent", "0.5"), Culture);
        var grey = bool.Parse(Arg("grey", "false"));
        var mask = double.Parse(Arg("mask", "0"), Culture);
        var freeze = Arg("freeze", string.Empty);
        var backboneRate = Arg("blr", string.Empty);
        var keep = Arg("keep", string.Empty);

        TorchNative.EnsureLoaded();
        torch.set_num_threads(threads);
        var wall = Stopwatch.StartNew();
        var crops = FaceSet.Build(franckEvery, capEvery, facePercent, grey, mask, line => Console.WriteLine("  " + line));
        Console.WriteLine(string.Create(Culture, $"crops: {crops.Count} in {wall.Elapsed.TotalSeconds:0.0} s"));
        foreach (var label in crops.GroupBy(c => c.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(Culture, $"  {label.Key}: {label.Count()} crops in {label.Select(c => c.Group).Distinct().Count()} groups"));
        }

        ReportAlignment(crops, facePercent);

        var root = keep.Length > 0 ? Directory.CreateDirectory(keep).FullName : Directory.CreateTempSubdirectory("forge-bench-faces-").FullName;
        try
        {
            var (workspace, version, data) = await WriteVersionAsync(root, crops, seed, folds);
            var foldOf = await VersionFolds.ReadAsync(data.Folder) ?? throw new InvalidOperationException("folds.csv was not written.");
            var rows = new List<string>();
            foreach (var model in models)
            {
                var options = new TrainingOptions
                {
                    Model = model, InputSize = size, Epochs = epochs, BatchSize = batch, LearningRate = learningRate, Patience = patience,
                    Device = "cpu", FlipProbability = 0.5, ShiftFraction = 1.0 / 16, BackboneCrop = crop,
                    Freeze = model == FaceRecognitionModel.FineTuneName && freeze.Length > 0 ? freeze : null,
                    BackboneLearningRate = backboneRate.Length > 0 ? double.Parse(backboneRate, Culture) : null,
                };
                var started = Stopwatch.StartNew();
                var result = await CrossValidator.RunAsync(workspace, version, options, seed, folds);
                var seconds = started.Elapsed.TotalSeconds;
                var last = LastEpochAccuracies(workspace, data, foldOf, result, options);
                foreach (var (fold, lastAccuracy) in result.Folds.Zip(last))
                {
                    Console.WriteLine(string.Create(
                        Culture,
                        $"  {model} fold {fold.Fold}: {fold.TrainCount} train / {fold.ValidationCount} validation, {fold.EpochsRun} epochs, " +
                        $"best epoch {fold.BestEpoch}: accuracy {fold.Metric:0.000}; last epoch: {lastAccuracy:0.000}"));
                }

                var (lastMean, lastSd) = MeanAndSd(last);
                var row = string.Create(
                    Culture,
                    $"| {model} | {result.Mean:0.000} ± {result.StandardDeviation:0.000} | {lastMean:0.000} ± {lastSd:0.000} | " +
                    $"{result.Folds.Average(f => f.EpochsRun):0.0} | {seconds / result.Folds.Count:0.0} s |");
                rows.Add(row);
                Console.WriteLine("RESULT " + row);
            }

            var counts = string.Join(", ", crops.GroupBy(c => c.Label).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
            Console.WriteLine();
            Console.WriteLine(string.Create(
                Culture,
                $"{crops.Count} crops ({counts}), face box {facePercent} of the crop, {(grey ? "grey" : "colour")}, " +
                $"{(mask > 0 ? $"central {mask} masked, " : string.Empty)}backboneCrop {crop}, " +
                $"{folds} grouped stratified folds, {size} px, batch {batch}, Adam {learningRate}, " +
                $"at most {epochs} epochs, patience {patience}, flip + 1/16 shift, {threads} threads, seed {seed}; majority class " +
                $"{crops.GroupBy(c => c.Label).Max(g => g.Count()) / (double)crops.Count:0.000}"));
            Console.WriteLine("| model | accuracy, best epoch (mean ± sd) | accuracy, last epoch | epochs run | time per fold |");
            Console.WriteLine("| --- | --- | --- | --- | --- |");
            rows.ForEach(Console.WriteLine);
            Console.WriteLine(string.Create(Culture, $"wall {wall.Elapsed.TotalSeconds:0} s"));
        }
        finally
        {
            if (keep.Length == 0)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>
    /// Where face-api's own pipeline puts the dlib-aligned face in our crops: its 68 landmarks on the crop's central
    /// <c>facePercent</c> box, then face-api's <c>alignDlib</c> square (side: the mean eye-to-mouth distance / 0.45),
    /// as a fraction of the crop side: what <c>backboneCrop</c> should be.
    /// </summary>
    private static void ReportAlignment(IReadOnlyList<FaceCrop> crops, double facePercent)
    {
        var folder = AssetLocator.Require(FaceAnalyzer.ModelDirectory);
        using var landmarks = new FaceLandmark68Net(TfjsWeights.Load(Path.Combine(folder, "face_landmark_68_model-weights_manifest.json")));
        landmarks.eval();
        var sides = new List<double>();
        var offsets = new List<double>();
        foreach (var crop in crops)
        {
            using var image = Cv2.ImDecode(crop.Png, ImreadModes.Color);
            var side = image.Width;
            var box = new FaceRegion(side * (1 - facePercent) / 2, side * (1 - facePercent) / 2, side * facePercent, side * facePercent);
            float[] points;
            using (torch.no_grad())
            using (var scope = torch.NewDisposeScope())
            {
                points = [.. landmarks.forward(FaceAnalyzer.BuildBatch(image, [box], FaceLandmark68Net.InputSize)).data<float>()];
            }

            (double X, double Y) Mean(int from, int to)
            {
                var (x, y) = (0.0, 0.0);
                for (var p = from; p < to; p++)
                {
                    (x, y) = (x + box.X + (points[2 * p] * box.Width), y + box.Y + (points[(2 * p) + 1] * box.Height));
                }

                return (x / (to - from), y / (to - from));
            }

            var (left, right, mouth) = (Mean(36, 42), Mean(42, 48), Mean(48, 68));
            double Distance((double X, double Y) a, (double X, double Y) b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
            var size = (Distance(left, mouth) + Distance(right, mouth)) / 2 / 0.45;
            var centre = ((left.X + right.X + mouth.X) / 3, (left.Y + right.Y + mouth.Y) / 3);
            // alignDlib's square: x = centre - 0.5 size, y = centre - 0.43 size.
            var (cx, cy) = (centre.Item1, centre.Item2 + (0.07 * size));
            sides.Add(size / side);
            offsets.Add(Math.Max(Math.Abs(cx - (side / 2.0)), Math.Abs(cy - (side / 2.0))) / side);
        }

        var (mean, sd) = MeanAndSd(sides);
        var ordered = sides.Order().ToList();
        Console.WriteLine(string.Create(
            Culture,
            $"dlib-aligned box in the crops ({sides.Count}): side {mean:0.000} ± {sd:0.000} of the crop (median {ordered[ordered.Count / 2]:0.000}), " +
            $"its centre off the crop's centre by {offsets.Average():0.000} of the side on average"));
    }

    private static double[] LastEpochAccuracies(
        DatasetWorkspace workspace, VersionData data, IReadOnlyDictionary<string, int> foldOf, CrossValidationResult result, TrainingOptions options)
    {
        using var pixels = TensorFile.OpenVersion(workspace, data, options.InputSize);
        var channels = ImageSet.ChannelsOf(data.Items, pixels);
        var accuracies = new double[result.Folds.Count];
        for (var k = 0; k < result.Folds.Count; k++)
        {
            var fold = result.Folds[k].Fold;
            var folder = Path.Combine(result.Folder, string.Create(Culture, $"fold-{fold}"));
            var set = ImageSet.FromFile([.. data.Items.Where(i => foldOf[i.Id] == fold)], pixels, channels);
            using var network = ModelFactory.Create(options.Model, new ModelShape(channels, options.InputSize, data.Classes.Count), options);
            network.load(Path.Combine(folder, RunFiles.Checkpoint));
            accuracies[k] = ModelTrainer.Evaluate(network, set, torch.CPU, options.BatchSize, new TrainerSettings(options, 0, folder)).Metric;
        }

        return accuracies;
    }

    private static async Task<(DatasetWorkspace Workspace, VersionRecord Version, VersionData Data)> WriteVersionAsync(
        string root, IReadOnlyList<FaceCrop> crops, int seed, int folds)
    {
        var workspace = new DatasetWorkspace(root, "faces");
        workspace.EnsureCreated();
        var versionId = "v-faces-" + ContentHash.Of([.. crops.SelectMany(c => c.Png)])[..12];
        var relative = Path.Combine("versions", versionId);
        var folder = Path.Combine(workspace.Root, relative);
        var items = new List<VersionManifestItem>();
        foreach (var crop in crops)
        {
            var id = ContentHash.Of(crop.Png)[..16];
            if (items.Any(i => i.Id == id))
            {
                continue;
            }

            var file = Path.Combine("train", crop.Label, id + ".png");
            Directory.CreateDirectory(Path.Combine(folder, "train", crop.Label));
            await File.WriteAllBytesAsync(Path.Combine(folder, file), crop.Png);
            items.Add(new VersionManifestItem(id, "train", crop.Label, crop.Group, file, ContentHash.Of(crop.Png), new Dictionary<string, string> { ["source"] = crop.Source }));
        }

        var manifest = new VersionManifest
        {
            Id = versionId,
            Dataset = "faces",
            Label = "identity",
            LabelKind = "category",
            CreatedAt = DateTime.UtcNow,
            Seed = seed,
            Ratios = new Dictionary<string, double> { ["train"] = 1, ["validation"] = 0, ["test"] = 0 },
            Classes = [.. items.Select(i => i.Label).Distinct().Order(StringComparer.Ordinal)],
            Counts = new Dictionary<string, IReadOnlyDictionary<string, int>>
            {
                ["train"] = items.GroupBy(i => i.Label).ToDictionary(g => g.Key, g => g.Count()),
            },
            Items = items,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, VersionManifest.SerializerOptions);
        await File.WriteAllBytesAsync(Path.Combine(folder, VersionManifest.FileName), bytes);

        // The folds the export would write: grouped and stratified, so a 10-s stretch of video never straddles two.
        var foldOf = FoldAssignment.Assign([.. items.Select(i => (i.Id, i.Label, i.Group))], folds, seed);
        await File.WriteAllLinesAsync(
            Path.Combine(folder, VersionFolds.FileName),
            ["id,fold", .. items.Select(i => string.Create(Culture, $"{i.Id},{foldOf[i.Id]}"))]);
        var version = new VersionRecord
        {
            Id = versionId, CreatedAt = manifest.CreatedAt, Seed = seed, Ratios = "1/0/0", ItemCount = items.Count, Path = relative,
            ManifestSha256 = ContentHash.Of(bytes),
        };
        return (workspace, version, await VersionReader.ReadAsync(workspace, version));
    }

    private static (double Mean, double Sd) MeanAndSd(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        var sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        return (mean, sd);
    }
}
