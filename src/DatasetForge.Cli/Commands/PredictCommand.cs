using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DatasetForge.Core.Definitions;
using DatasetForge.Cli.Hosting;
using DatasetForge.Curation.Cropping;
using DatasetForge.Curation.Detection;
using DatasetForge.Training.Ensembles;
using DatasetForge.Training.Prediction;
using DatasetForge.Training.Runs;
using OpenCvSharp;
using Spectre.Console;
using CurationDecoder = DatasetForge.Curation.Decoding.ImageDecoder;

namespace DatasetForge.Cli.Commands;

/// <summary>
/// <c>forge predict</c>: detects and crops the dominant face of each new photo the way curation does (same detector,
/// margin and crop size from the dataset definition), classifies it with a trained run's best weights and writes
/// <c>id,label</c> (id = file name without its image extensions). A photo without a usable face keeps its row with an
/// empty label ('none' with <c>--min-confidence</c>), and the console names it with the reason. <c>--ensemble</c> votes
/// with several runs; labels renamed by a source's <c>values:</c> map are written in the source's coding by default.
/// </summary>
internal static class PredictCommand
{
    private static readonly Argument<string[]> Photos = new("photos")
    {
        Description = "Photo files or folders of photos (searched recursively for .jpg, .jpeg, .png, .bmp, .webp, .gif, .tif).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<string?> Source = new("--source")
    {
        HelpName = "name",
        Description = "Predict the catalogue's items of this source (e.g. an unlabelled test set) instead of photo files; id = the item's id in the source.",
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

    private static readonly Option<string[]> Ensemble = new("--ensemble")
    {
        Description = "Vote with these runs (two or more, same classes) instead of one run.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<EnsembleVoting> Voting = new("--voting")
    {
        Description = "With --ensemble: majority (one vote per run) or weighted (votes weighted by each run's validation accuracy).",
        DefaultValueFactory = _ => EnsembleVoting.Majority,
    };

    private static readonly Option<double?> MinConfidence = new("--min-confidence")
    {
        Description = "Write 'none' for a photo whose top class has a lower probability (or that has no usable face), and add a confidence column.",
    };

    private static readonly Option<LabelCoding> Coding = new("--label-coding")
    {
        Description = "codes: write the label in the sources' own coding when a values: map renamed it (e.g. 0/1); names: write the names.",
        DefaultValueFactory = _ => LabelCoding.Codes,
    };

    /// <summary>How <c>forge predict</c> writes a label that a source's <c>values:</c> map renamed.</summary>
    internal enum LabelCoding
    {
        /// <summary>The raw value the source files use (the default): what a submission in the data's own coding wants.</summary>
        Codes,

        /// <summary>The name the map gave it, as the catalogue and the versions hold it.</summary>
        Names,
    }

    /// <summary>The label written for a photo below <c>--min-confidence</c> or without a usable face.</summary>
    public const string NoneLabel = "none";

    public static Command Create(ForgeRuntime runtime)
    {
        var command = new Command("predict", "Detect, crop and classify new photos with a trained run; writes an id,label CSV (sampleSubmit.csv layout).")
        {
            CommonOptions.Dataset, Photos, Source, Run, Out, Precropped, Ensemble, Voting, MinConfidence, Coding,
        };
        command.SetAction((result, token) => CommandErrors.HandleAsync(runtime.Console, async () =>
        {
            var paths = CommonOptions.Paths(result);
            var datasetName = result.GetValue(CommonOptions.Dataset)!;
            var dataset = runtime.LoadDataset(paths, datasetName);
            var workspace = ReviewCommand.OpenWorkspace(paths, datasetName);
            var photos = result.GetValue(Photos) ?? [];
            var source = result.GetValue(Source);
            if ((source is null) == (photos.Length == 0))
            {
                throw new ArgumentException("Give photos or folders to predict, or --source <name> for a source's items in the catalogue, not both.");
            }

            if (source is not null && result.GetValue(Precropped))
            {
                throw new ArgumentException("--precropped is for photo files; with --source the source's own precropped: setting decides.");
            }

            var inputs = source is null
                ? [.. Expand(photos).Select(f => new PredictInput(IdOf(f), f, result.GetValue(Precropped)))]
                : (await SourcePhotos.ListAsync(workspace, dataset, source, token)).Select(p => new PredictInput(p.Id, p.PhotoPath, p.Precropped)).ToList();
            var minConfidence = result.GetValue(MinConfidence);
            if (minConfidence is < 0 or > 1)
            {
                throw new ArgumentException($"--min-confidence is a probability in [0, 1], not {minConfidence}.");
            }

            var ensemble = result.GetValue(Ensemble) ?? [];
            if (ensemble.Length == 1 || (ensemble.Length > 0 && result.GetValue(Run) is not null))
            {
                throw new ArgumentException("--ensemble takes two or more runs, and replaces --run.");
            }

            var predictors = new List<(string RunId, string Folder, Predictor Predictor)>();
            try
            {
                IEnumerable<string?> runIds = ensemble.Length > 0 ? ensemble : new[] { result.GetValue(Run) };
                foreach (var runId in runIds)
                {
                    var (run, folder) = await RunLocator.FindAsync(workspace, runId, token);
                    predictors.Add((run.Id, folder, await Predictor.LoadAsync(folder, token)));
                }

                var first = predictors[0].Predictor.Run;
                if (predictors.Count > 1 && predictors.Any(p => p.Predictor.IsRegression || !p.Predictor.Run.Classes.SequenceEqual(first.Classes, StringComparer.Ordinal)))
                {
                    throw new ArgumentException("An ensemble votes over classification runs with the same classes; " +
                        string.Join(", ", predictors.Select(p => $"{p.RunId} ({string.Join("/", p.Predictor.Run.Classes)})")) + " differ.");
                }

                return await PredictAsync(runtime, result, dataset, inputs, source, predictors, minConfidence, token);
            }
            finally
            {
                predictors.ForEach(p => p.Predictor.Dispose());
            }
        }));
        return command;
    }

    private static async Task<int> PredictAsync(
        ForgeRuntime runtime,
        ParseResult result,
        DatasetDefinition dataset,
        List<PredictInput> files,
        string? source,
        List<(string RunId, string Folder, Predictor Predictor)> predictors,
        double? minConfidence,
        CancellationToken token)
    {
        var curation = dataset.Curation;
        using var detector = files.Any(f => FaceFraming.NeedsFaces(curation.Faces, f.Precropped)) ? FaceDetectorFactory.Create(curation) : null;
        var codes = result.GetValue(Coding) == LabelCoding.Codes ? CodesOf(dataset) : null;

        // Latency in-process: from the photo's bytes to its label, model loading and process start excluded.
        var clock = Stopwatch.StartNew();
        var labels = new Dictionary<string, (string? Label, double? Confidence)>(StringComparer.Ordinal);
        var crops = new List<(string Id, string File, Mat Crop)>();
        var skipped = 0;
        try
        {
            foreach (var (id, file, precropped) in files)
            {
                token.ThrowIfCancellationRequested();
                var shown = source is null ? file : $"{source}/{id}";
                labels[id] = (minConfidence is null ? null : NoneLabel, null);
                var decoded = CurationDecoder.Decode(await File.ReadAllBytesAsync(file, token), curation.MaxPixels);
                using (decoded)
                {
                    if (decoded.Image is not { } image)
                    {
                        skipped++;
                        runtime.Console.MarkupLineInterpolated($"[yellow]no label[/] {shown}: {decoded.Error}");
                        continue;
                    }

                    // Cut as curate cuts it (face policy, precropped sources), so the model sees what it saw in training.
                    var faces = FaceFraming.NeedsFaces(curation.Faces, precropped) ? FaceFraming.Order(detector!.Detect(image)) : [];
                    var crop = FaceFraming.Cut(image, faces, curation, precropped, out var reason);
                    if (crop is null)
                    {
                        skipped++;
                        runtime.Console.MarkupLineInterpolated($"[yellow]no label[/] {shown}: {reason} by {detector!.Name}");
                        continue;
                    }

                    crops.Add((id, shown, crop));
                }
            }

            var modelClock = Stopwatch.StartNew();
            var answers = predictors
                .Select(p => p.Predictor.Predict([.. crops.Select(c => new PredictionInput(c.Id, p.Predictor.Prepare(c.Crop, c.File)))], token))
                .ToList();
            modelClock.Stop();
            var first = predictors[0].Predictor;
            IEnumerable<(string Id, string Label, double Confidence)> combined;
            if (predictors.Count == 1)
            {
                combined = answers[0].Select(a => (a.Id, a.Label, a.Confidence));
            }
            else
            {
                var weights = result.GetValue(Voting) == EnsembleVoting.Weighted
                    ? predictors.Select(p => EnsembleEvaluator.ValidationAccuracy(p.Folder, p.Predictor.Run)).ToList()
                    : [.. predictors.Select(_ => 1.0)];
                var winners = EnsembleVote.Combine([.. answers.Select(run => run.Select(a => a.Probabilities.ToArray()).ToArray())], weights);
                // The ensemble's confidence: the weighted mean probability of the winning class.
                combined = crops.Select((c, i) => (c.Id, first.Run.Classes[winners[i]],
                    answers.Select((run, r) => weights[r] * run[i].Probabilities[winners[i]]).Sum() / weights.Sum()));
            }

            var below = 0;
            foreach (var (id, label, confidence) in combined)
            {
                var written = codes?.GetValueOrDefault(label) ?? label;
                if (minConfidence is { } min && !double.IsNaN(confidence) && confidence < min)
                {
                    below++;
                    written = NoneLabel;
                }

                labels[id] = (written, confidence);
            }

            clock.Stop();
            var output = Path.GetFullPath(result.GetValue(Out)!);
            await PredictionCsv.WriteAsync(output, labels.Select(p => (p.Key, p.Value.Label, p.Value.Confidence)), withConfidence: minConfidence is not null, token);
            var by = predictors.Count == 1
                ? $"run {predictors[0].RunId} ({first.Run.Model})"
                : $"an ensemble of {predictors.Count} runs ({result.GetValue(Voting).ToString().ToLowerInvariant()} voting)";
            runtime.Console.MarkupLineInterpolated(
                $"[green]predicted[/] {crops.Count} of {files.Count} photos with {by}; {skipped} without a usable face{(minConfidence is { } m ? string.Create(CultureInfo.InvariantCulture, $", {below} below confidence {m:0.###} (written '{NoneLabel}')") : string.Empty)}. Wrote {output}");
            runtime.Console.MarkupLine(string.Create(
                CultureInfo.InvariantCulture,
                $"latency: {clock.Elapsed.TotalMilliseconds / Math.Max(1, files.Count):0.00} ms per photo in-process (decode, {(detector is null ? "resize" : "detect, crop")} and classify; model loading and process start excluded), " +
                $"model alone {modelClock.Elapsed.TotalMilliseconds / Math.Max(1, crops.Count):0.00} ms per image"));
            return 0;
        }
        finally
        {
            crops.ForEach(c => c.Crop.Dispose());
        }
    }

    /// <summary>
    /// Name → raw code of the dataset's label, from the sources' <c>values:</c> maps (e.g. female → 1); null when no
    /// source renames the label or two sources code one name differently (the names are written then).
    /// </summary>
    internal static Dictionary<string, string>? CodesOf(DatasetDefinition dataset)
    {
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in dataset.Sources)
        {
            if (source.Import?.Values.GetValueOrDefault(dataset.Label) is not { } map)
            {
                continue;
            }

            foreach (var (code, name) in map)
            {
                if (codes.TryGetValue(name, out var known) && known != code)
                {
                    return null;
                }

                codes[name] = code;
            }
        }

        return codes.Count == 0 ? null : codes;
    }

    /// <summary>
    /// The id of a photo: its file name without the extension, and without every image extension or <c>.chip</c> before
    /// it, so UTKFace's <c>20_1_0_2017.jpg.chip.jpg</c> is <c>20_1_0_2017</c>.
    /// </summary>
    internal static string IdOf(string file) => SourcePhotos.WithoutImageExtensions(Path.GetFileName(file));

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
                    .Where(f => SourcePhotos.ImageExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
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

        var clash = files.GroupBy(IdOf, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new ArgumentException($"Two photos would share the id '{clash.Key}' in the CSV: {string.Join(" and ", clash)}. Rename one.");
        }

        return files;
    }

    /// <summary>One photo to predict: the id its row gets, the file to read, and whether it is a face crop already.</summary>
    private sealed record PredictInput(string Id, string File, bool Precropped);
}
