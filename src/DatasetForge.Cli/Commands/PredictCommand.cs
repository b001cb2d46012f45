using System.CommandLine;
using DatasetForge.Cli.Hosting;
using DatasetForge.Curation.Cropping;
using DatasetForge.Curation.Detection;
using DatasetForge.Training.Prediction;
using DatasetForge.Training.Runs;
using Spectre.Console;
using CurationDecoder = DatasetForge.Curation.Decoding.ImageDecoder;

namespace DatasetForge.Cli.Commands;

/// <summary>
/// <c>forge predict</c>: detects and crops the dominant face of each new photo the way curation does (same detector,
/// margin and crop size from the dataset definition), classifies it with a trained run's best weights and writes
/// <c>id,label</c> (id = file name without extension). A photo without a usable face keeps its row with an empty
/// label, and the console names it with the reason.
/// </summary>
internal static class PredictCommand
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif", ".tif", ".tiff"];

    private static readonly Argument<string[]> Photos = new("photos")
    {
        Description = "Photo files or folders of photos (searched recursively for .jpg, .jpeg, .png, .bmp, .webp, .gif, .tif).",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string?> Run = new("--run") { HelpName = "run-id", Description = "The run whose weights classify (default: the newest trained run)." };

    private static readonly Option<string> Out = new("--out", "-o")
    {
        HelpName = "file",
        Description = "Where to write the id,label CSV.",
        DefaultValueFactory = _ => "predictions.csv",
    };

    private static readonly Option<bool> Precropped = new("--precropped")
    {
        Description = "The photos are face crops already: skip detection and use each whole image.",
    };

    public static Command Create(ForgeRuntime runtime)
    {
        var command = new Command("predict", "Detect, crop and classify new photos with a trained run; writes an id,label CSV (sampleSubmit.csv layout).")
        {
            CommonOptions.Dataset, Photos, Run, Out, Precropped,
        };
        command.SetAction((result, token) => CommandErrors.HandleAsync(runtime.Console, async () =>
        {
            var paths = CommonOptions.Paths(result);
            var datasetName = result.GetValue(CommonOptions.Dataset)!;
            var dataset = runtime.LoadDataset(paths, datasetName);
            var workspace = ReviewCommand.OpenWorkspace(paths, datasetName);
            var files = Expand(result.GetValue(Photos) ?? []);
            var (run, folder) = await RunLocator.FindAsync(workspace, result.GetValue(Run), token);
            using var predictor = await Predictor.LoadAsync(folder, token);
            var precropped = result.GetValue(Precropped);
            using var detector = precropped ? null : FaceDetectorFactory.Create(dataset.Curation);
            var curation = dataset.Curation;

            var labels = new Dictionary<string, string?>(StringComparer.Ordinal);
            var inputs = new List<PredictionInput>();
            var skipped = 0;
            foreach (var file in files)
            {
                token.ThrowIfCancellationRequested();
                var id = Path.GetFileNameWithoutExtension(file);
                labels[id] = null;
                var decoded = CurationDecoder.Decode(await File.ReadAllBytesAsync(file, token), curation.MaxPixels);
                using (decoded)
                {
                    if (decoded.Image is not { } image)
                    {
                        skipped++;
                        runtime.Console.MarkupLineInterpolated($"[yellow]no label[/] {file}: {decoded.Error}");
                        continue;
                    }

                    if (precropped)
                    {
                        // Cut as curate cuts a precropped image, so the model sees what it saw in training.
                        using var whole = FaceCropper.Whole(image, curation.CropSize, curation.EffectiveCropHeight);
                        inputs.Add(new PredictionInput(id, predictor.Prepare(whole, file)));
                        continue;
                    }

                    // The dominant face by the curate stage's rule: the largest box, then the best score.
                    var face = detector!.Detect(image).OrderByDescending(f => f.Area).ThenByDescending(f => f.Score).FirstOrDefault();
                    if (face is null)
                    {
                        skipped++;
                        runtime.Console.MarkupLineInterpolated($"[yellow]no label[/] {file}: no face found by {detector.Name}");
                        continue;
                    }

                    using var crop = FaceCropper.Crop(image, face, curation.FacePercent, curation.CropSize, curation.EffectiveCropHeight);
                    inputs.Add(new PredictionInput(id, predictor.Prepare(crop, file)));
                }
            }

            foreach (var prediction in predictor.Predict(inputs, token))
            {
                labels[prediction.Id] = prediction.Label;
            }

            var output = Path.GetFullPath(result.GetValue(Out)!);
            await PredictionCsv.WriteAsync(output, labels.Select(p => (p.Key, p.Value)), token);
            runtime.Console.MarkupLineInterpolated(
                $"[green]predicted[/] {inputs.Count} of {files.Count} photos with run {run.Id} ({predictor.Run.Model}); {skipped} without a label. Wrote {output}");
            return 0;
        }));
        return command;
    }

    /// <summary>Files as given, folders searched recursively; sorted; a missing path or two photos with one id is an error naming them.</summary>
    private static List<string> Expand(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            var full = Path.GetFullPath(argument);
            if (File.Exists(full))
            {
                files.Add(full);
            }
            else if (Directory.Exists(full))
            {
                files.AddRange(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
                    .Where(f => ImageExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                throw new FileNotFoundException($"{full} is neither a photo nor a folder.", full);
            }
        }

        if (files.Count == 0)
        {
            throw new ArgumentException($"No photos found in {string.Join(", ", arguments)}.");
        }

        var clash = files.GroupBy(Path.GetFileNameWithoutExtension, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new ArgumentException($"Two photos would share the id '{clash.Key}' in the CSV: {string.Join(" and ", clash)}. Rename one.");
        }

        return files;
    }
}
