using DatasetForge.Core.Definitions;
using DatasetForge.Manifests.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DatasetForge.Manifests;

/// <summary>
/// Reads a dataset's folder of manifests (<c>manifests/&lt;dataset&gt;/dataset.yaml</c> plus one YAML file per
/// source) and the scraper profiles (<c>scrapers/*.yaml</c>), and validates all of them before anything runs.
/// Every mistake is reported at once, each with its file, line and field.
/// </summary>
public sealed class ManifestLoader
{
    /// <summary>The dataset definition's file name inside a dataset's manifest folder.</summary>
    public const string DatasetFileName = "dataset.yaml";

    private readonly VariableExpander _expander;

    public ManifestLoader(VariableExpander? expander = null) => _expander = expander ?? VariableExpander.FromEnvironment;

    /// <summary>The dataset folders (those holding a dataset.yaml) under <paramref name="manifestsRoot"/>.</summary>
    public static IReadOnlyList<string> FindDatasetDirectories(string manifestsRoot) =>
        Directory.Exists(manifestsRoot)
            ? [.. Directory.EnumerateDirectories(manifestsRoot)
                .Where(d => File.Exists(Path.Combine(d, DatasetFileName)))
                .Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The <c>catalogue:</c> setting of the dataset in <paramref name="datasetDirectory"/>, or null when it has none or no dataset.yaml.</summary>
    /// <exception cref="ManifestException">dataset.yaml is invalid.</exception>
    public string? ReadCatalogueSetting(string datasetDirectory)
    {
        var definitionFile = Path.Combine(datasetDirectory, DatasetFileName);
        if (!File.Exists(definitionFile))
        {
            return null;
        }

        var errors = new List<ManifestError>();
        var dataset = ReadDataset(definitionFile, errors);
        return errors.Count > 0 ? throw new ManifestException(errors) : dataset?.Catalogue;
    }

    /// <summary>Loads and validates one dataset: its definition, its sources, and the profiles they name.</summary>
    /// <exception cref="ManifestException">Any manifest or profile is invalid.</exception>
    public DatasetDefinition LoadDataset(string datasetDirectory, string scrapersDirectory)
    {
        var errors = new List<ManifestError>();
        var definitionFile = Path.Combine(datasetDirectory, DatasetFileName);
        if (!File.Exists(definitionFile))
        {
            throw new ManifestException([new ManifestError(Display(definitionFile), 0, 0, "dataset", $"no {DatasetFileName} in '{Display(datasetDirectory)}'")]);
        }

        var profiles = LoadProfiles(scrapersDirectory, errors);
        var dataset = ReadDataset(definitionFile, errors);
        var sources = new List<SourceManifest>();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in YamlFiles(datasetDirectory).Where(f => !string.Equals(Path.GetFileName(f), DatasetFileName, StringComparison.Ordinal)))
        {
            var source = ReadSource(file, dataset?.Name ?? Path.GetFileName(datasetDirectory), profiles, errors);
            if (source is null)
            {
                continue;
            }

            if (names.TryGetValue(source.Name, out var other))
            {
                errors.Add(new ManifestError(Display(file), 1, 1, "source", $"the name '{source.Name}' is already used by {other}"));
                continue;
            }

            names[source.Name] = Display(file);
            sources.Add(source);
        }

        if (errors.Count > 0 || dataset is null)
        {
            throw new ManifestException([.. errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line)]);
        }

        return dataset with { Sources = sources };
    }

    /// <summary>Validates every profile under <paramref name="scrapersDirectory"/> and every dataset under <paramref name="manifestsRoot"/>.</summary>
    /// <returns>All errors found; empty when everything is valid.</returns>
    public IReadOnlyList<ManifestError> Check(string manifestsRoot, string scrapersDirectory)
    {
        var errors = new List<ManifestError>();
        if (!Directory.Exists(manifestsRoot))
        {
            errors.Add(new ManifestError(Display(manifestsRoot), 0, 0, "manifests", "no such folder"));
            return errors;
        }

        LoadProfiles(scrapersDirectory, errors);
        foreach (var directory in FindDatasetDirectories(manifestsRoot))
        {
            try
            {
                LoadDataset(directory, scrapersDirectory);
            }
            catch (ManifestException e)
            {
                errors.AddRange(e.Errors.Where(x => !errors.Contains(x)));
            }
        }

        return errors;
    }

    /// <summary>Loads every profile under <paramref name="scrapersDirectory"/>, by name.</summary>
    /// <exception cref="ManifestException">Any profile is invalid.</exception>
    public IReadOnlyDictionary<string, ScraperProfile> LoadProfiles(string scrapersDirectory)
    {
        var errors = new List<ManifestError>();
        var profiles = LoadProfiles(scrapersDirectory, errors);
        return errors.Count > 0 ? throw new ManifestException(errors) : profiles;
    }

    /// <summary>Loads and validates one source manifest on its own (for <c>forge scrape --dry-run</c>), with the profiles it may name.</summary>
    /// <exception cref="ManifestException">The manifest, or any profile, is invalid.</exception>
    public SourceManifest LoadSource(string sourceFile, string scrapersDirectory)
    {
        var errors = new List<ManifestError>();
        if (!File.Exists(sourceFile))
        {
            throw new ManifestException([new ManifestError(Display(sourceFile), 0, 0, "source", "no such file")]);
        }

        var profiles = LoadProfiles(scrapersDirectory, errors);
        var dataset = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(sourceFile))) ?? "dataset";
        var source = ReadSource(sourceFile, dataset, profiles, errors);
        return errors.Count > 0 || source is null ? throw new ManifestException(errors) : source;
    }

    private Dictionary<string, ScraperProfile> LoadProfiles(string scrapersDirectory, List<ManifestError> errors)
    {
        var profiles = new Dictionary<string, ScraperProfile>(StringComparer.Ordinal);
        foreach (var file in YamlFiles(scrapersDirectory))
        {
            var root = Parse(file, errors);
            if (root is null)
            {
                continue;
            }

            var reader = new MappingReader(root, Display(file), string.Empty, errors, _expander);
            var name = reader.String("profile", required: true);
            if (name is not null && !string.Equals(name, Path.GetFileNameWithoutExtension(file), StringComparison.Ordinal))
            {
                reader.Error("profile", $"must equal the file name '{Path.GetFileNameWithoutExtension(file)}', so manifests can find it");
            }

            reader.String("description");
            var read = ReadScraperFields(reader, null);
            var selectors = ReadSelectors(reader.Mapping("selectors")) ?? new SelectorSet();
            reader.Finish();
            if (name is null)
            {
                continue;
            }

            profiles[name] = read with { Name = name, Selectors = selectors };
        }

        return profiles;
    }

    private DatasetDefinition? ReadDataset(string file, List<ManifestError> errors)
    {
        var root = Parse(file, errors);
        if (root is null)
        {
            return null;
        }

        var reader = new MappingReader(root, Display(file), string.Empty, errors, _expander);
        var name = reader.String("dataset", required: true);
        if (name is not null && !IsSafeName(name))
        {
            reader.Error("dataset", $"'{name}' must use only letters, digits, '-' and '_' (it names a folder)");
        }

        var description = reader.String("description");
        var label = reader.String("label", required: true);
        var labelKind = reader.Enum<LabelKind>("labelKind") ?? LabelKind.Category;
        var labelBins = reader.Int("labelBins", 2, 100) ?? 5;
        var seed = reader.Int("seed", int.MinValue, int.MaxValue) ?? 42;
        var schedule = reader.String("schedule");
        var catalogue = reader.String("catalogue");
        if (schedule is not null && !IsQuartzCron(schedule))
        {
            reader.Error("schedule", $"'{schedule}' is not a Quartz cron expression (seconds first, for example '0 0 3 ? * MON' for 03:00 every Monday)");
        }

        var splits = SplitRatios.Default;
        if (reader.Mapping("splits") is { } s)
        {
            splits = new SplitRatios(s.Double("train", 0, 1) ?? 0.7, s.Double("validation", 0, 1) ?? 0.2, s.Double("test", 0, 1) ?? 0.1);
            s.Finish();
            if (splits.Validate() is { } problem)
            {
                reader.Error("splits", problem);
            }
        }

        var curation = new CurationOptions();
        if (reader.Mapping("curation") is { } c)
        {
            var defaults = curation;
            var detector = c.String("detector") ?? defaults.Detector;
            if (detector is not ("blazeface" or "haar"))
            {
                c.Error("detector", $"must be blazeface or haar, not '{detector}'");
            }

            curation = new CurationOptions
            {
                Detector = detector,
                Faces = c.Enum<FacePolicy>("faces") ?? defaults.Faces,
                CropSize = c.Int("cropSize", 16, 2048) ?? defaults.CropSize,
                FacePercent = c.Double("facePercent", 0.05, 1) ?? defaults.FacePercent,
                MinScore = c.Double("minScore", 0, 1) ?? defaults.MinScore,
                MinFaceSize = c.Int("minFaceSize", 1, 10_000) ?? defaults.MinFaceSize,
                AmbiguousFaceRatio = c.Double("ambiguousFaceRatio", 0, 1) ?? defaults.AmbiguousFaceRatio,
                MaxPixels = c.Long("maxPixels", 1, long.MaxValue) ?? defaults.MaxPixels,
                NearDuplicateDistance = c.Int("nearDuplicateDistance", -1, 64) ?? defaults.NearDuplicateDistance,
                CropHeight = c.Int("cropHeight", 16, 2048) ?? defaults.CropHeight,
                ImageNearDuplicateDistance = c.Int("imageNearDuplicateDistance", -1, 64) ?? defaults.ImageNearDuplicateDistance,
                PlaceholderMinPersons = c.Int("placeholderMinPersons", 2, 1_000_000) ?? defaults.PlaceholderMinPersons,
                MinSharpness = c.Double("minSharpness", 0, 1_000_000) ?? defaults.MinSharpness,
                MinBrightness = c.Double("minBrightness", 0, 255) ?? defaults.MinBrightness,
                MaxBrightness = c.Double("maxBrightness", 0, 255) ?? defaults.MaxBrightness,
                MinImageSide = c.Int("minImageSide", 1, 100_000) ?? defaults.MinImageSide,
                RejectGreyscale = c.Bool("rejectGreyscale") ?? defaults.RejectGreyscale,
                Demographics = c.Bool("demographics") ?? defaults.Demographics,
                IdentityDistance = c.Double("identityDistance", -1, 10) ?? defaults.IdentityDistance,
                VideoGroupSeconds = c.Double("videoGroupSeconds", 0, 86_400) ?? defaults.VideoGroupSeconds,
                NonAcademicRoles = c.StringList("nonAcademicRoles"),
                AcademicRoles = c.StringList("academicRoles"),
            };
            if (curation.MinBrightness >= curation.MaxBrightness)
            {
                c.Error("maxBrightness", string.Create(System.Globalization.CultureInfo.InvariantCulture, $"must be above minBrightness ({curation.MinBrightness}), not {curation.MaxBrightness}"));
            }

            c.Finish();
        }

        var training = new TrainingOptions();
        if (reader.Mapping("training") is { } t)
        {
            var defaults = training;
            var device = t.String("device") ?? defaults.Device;
            if (device is not ("auto" or "cpu" or "cuda"))
            {
                t.Error("device", $"must be auto, cpu or cuda, not '{device}'");
            }

            var optimizer = t.String("optimizer") ?? defaults.Optimizer;
            if (optimizer is not ("adam" or "adamw" or "sgd" or "rmsprop"))
            {
                t.Error("optimizer", $"must be adam, adamw, sgd or rmsprop, not '{optimizer}'");
            }

            var learningRateSchedule = t.String("schedule") ?? defaults.Schedule;
            if (learningRateSchedule is not ("none" or "cosine" or "plateau" or "onecycle"))
            {
                t.Error("schedule", $"must be none, cosine, plateau or onecycle, not '{learningRateSchedule}'");
            }

            var freeze = t.String("freeze") ?? defaults.Freeze;
            if (freeze is not (null or "all" or "none") && !(int.TryParse(freeze, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
            {
                t.Error("freeze", $"must be all, none or a number of residual blocks to train (e.g. 2), not '{freeze}'");
            }

            training = new TrainingOptions
            {
                Model = t.String("model") ?? defaults.Model,
                InputSize = t.Int("inputSize", 8, 1024) ?? defaults.InputSize,
                ProgressiveSize = t.Int("progressiveSize", 8, 1024) ?? defaults.ProgressiveSize,
                ProgressiveEpochs = t.Int("progressiveEpochs", 1, 100_000) ?? defaults.ProgressiveEpochs,
                Epochs = t.Int("epochs", 1, 100_000) ?? defaults.Epochs,
                BatchSize = t.Int("batchSize", 1, 65_536) ?? defaults.BatchSize,
                LearningRate = t.Double("learningRate", 1e-9, 10) ?? defaults.LearningRate,
                Patience = t.Int("patience", 1, 100_000) ?? defaults.Patience,
                Device = device,
                Optimizer = optimizer,
                Momentum = t.Double("momentum", 0, 0.999) ?? defaults.Momentum,
                WeightDecay = t.Double("weightDecay", 0, 1) ?? defaults.WeightDecay,
                Schedule = learningRateSchedule,
                PlateauFactor = t.Double("plateauFactor", 1e-6, 0.999) ?? defaults.PlateauFactor,
                PlateauPatience = t.Int("plateauPatience", 1, 100_000) ?? defaults.PlateauPatience,
                ClassWeights = t.Bool("classWeights") ?? defaults.ClassWeights,
                FlipProbability = t.Double("flipProbability", 0, 1) ?? defaults.FlipProbability,
                ShiftFraction = t.Double("shiftFraction", 0, 0.5) ?? defaults.ShiftFraction,
                MinCropScale = t.Double("minCropScale", 0.05, 1) ?? defaults.MinCropScale,
                RotationDegrees = t.Double("rotationDegrees", 0, 180) ?? defaults.RotationDegrees,
                ColourJitter = t.Double("colourJitter", 0, 0.99) ?? defaults.ColourJitter,
                MixupAlpha = t.Double("mixupAlpha", 0, 100) ?? defaults.MixupAlpha,
                InitialWeights = t.String("initialWeights") ?? defaults.InitialWeights,
                Freeze = freeze,
                BackboneLearningRate = t.Double("backboneLearningRate", 1e-9, 10) ?? defaults.BackboneLearningRate,
                BackboneCrop = t.Double("backboneCrop", 0.05, 1) ?? defaults.BackboneCrop,
            };
            t.Finish();
        }

        reader.Finish();
        if (name is null || label is null)
        {
            return null;
        }

        return new DatasetDefinition
        {
            Name = name,
            Description = description,
            Label = label,
            LabelKind = labelKind,
            LabelBins = labelBins,
            Seed = seed,
            Schedule = schedule,
            Catalogue = catalogue,
            Splits = splits,
            Curation = curation,
            Training = training,
            FilePath = Path.GetFullPath(file),
        };
    }

    private SourceManifest? ReadSource(string file, string dataset, IReadOnlyDictionary<string, ScraperProfile> profiles, List<ManifestError> errors)
    {
        var root = Parse(file, errors);
        if (root is null)
        {
            return null;
        }

        var display = Display(file);
        var reader = new MappingReader(root, display, string.Empty, errors, _expander);
        if (!reader.Has("source"))
        {
            var first = root.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault()?.Value;
            reader.Error("source", first is "dataset" or "profile"
                ? $"this folder holds sources; a '{first}:' file belongs {(first == "profile" ? "under scrapers/" : $"in {DatasetFileName}")}"
                : "is required: a source manifest starts with 'source: <name>'");
            return null;
        }

        var errorCount = errors.Count;
        var name = reader.String("source", required: true);
        if (name is not null && !IsSafeName(name))
        {
            reader.Error("source", $"'{name}' must use only letters, digits, '-' and '_'");
        }

        var kind = reader.Enum<SourceKind>("kind") ?? SourceKind.Web;
        if (kind != SourceKind.Web)
        {
            var imported = ReadImportSource(reader, file, kind, errors);
            return errors.Count > errorCount || name is null || imported is null ? null : imported.ToManifest(name, dataset);
        }

        var urls = new List<Uri>();
        var single = reader.String("url");
        var many = reader.StringList("urls") ?? [];
        foreach (var (text, field) in (single is null ? [] : new[] { (single, "url") }).Concat(many.Select(u => (u, "urls"))))
        {
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                urls.Add(uri);
            }
            else
            {
                reader.Error(field, $"'{text}' is not an absolute http(s) URL");
            }
        }

        if (single is null && many.Count == 0)
        {
            reader.Error("url", "is required: the page (or 'urls:' the pages) that list the people");
        }

        var profileName = reader.String("profile");
        ScraperProfile? profile = null;
        if (profileName is not null && !profiles.TryGetValue(profileName, out profile))
        {
            var known = profiles.Count == 0 ? "none found" : string.Join(", ", profiles.Keys.Order(StringComparer.Ordinal));
            reader.Error("profile", $"no scraper profile '{profileName}' under scrapers/ (known: {known})");
        }

        var label = reader.String("label");
        var facets = reader.StringMap("facets") ?? new Dictionary<string, string>();
        var overrides = ReadSelectors(reader.Mapping("selectors"));
        var scraper = ReadScraperFields(reader, profile);
        var allowedHosts = reader.StringList("allowedHosts") ?? [];
        var ignoreRobots = reader.Bool("ignoreRobotsTxt") ?? false;
        var ignoreNoAi = reader.Bool("ignoreNoAi") ?? false;
        var delay = reader.Double("delaySeconds", 0, 3600);
        var maxDelay = reader.Double("maxDelaySeconds", 0, 3600);
        if (maxDelay is { } most && most < (delay ?? 0))
        {
            reader.Error("maxDelaySeconds", $"must not be less than delaySeconds ({delay})");
        }
        var concurrency = reader.Int("concurrency", 1, 64);
        reader.Finish();

        var selectors = (profile?.Selectors ?? new SelectorSet()).With(overrides);
        if (profileName is null || profile is not null)
        {
            if (selectors.Item is null)
            {
                reader.Error(overrides is null ? "profile" : "selectors", "no 'item' selector: name a profile under scrapers/ or give selectors.item (one element per person)");
            }

            if (selectors.Name is null)
            {
                reader.Error(overrides is null ? "profile" : "selectors", "no 'name' selector: name a profile or give selectors.name");
            }
        }

        if (label is null && selectors.Label is null && selectors.LabelHeading is null && selectors.ProfileLabel is null)
        {
            reader.Error("label", "is required unless selectors.label, labelHeading or profileLabel reads the label from the page");
        }

        if (scraper.FollowProfile && (selectors.Link is null || !selectors.ReadsProfilePage))
        {
            reader.Error("followProfile", "needs selectors.link (the profile link) and selectors.profilePhoto, profileRole or profileLabel (what to read on the profile page)");
        }

        if (errors.Count > errorCount || name is null)
        {
            return null;
        }

        return new SourceManifest
        {
            Name = name,
            Dataset = dataset,
            Kind = kind,
            Urls = urls,
            Label = label,
            Facets = facets,
            AllowedHosts = allowedHosts.Count > 0 ? allowedHosts : [.. urls.Select(u => u.Host).Distinct(StringComparer.OrdinalIgnoreCase)],
            FilePath = Path.GetFullPath(file),
            IgnoreRobotsTxt = ignoreRobots,
            IgnoreNoAi = ignoreNoAi,
            Delay = delay is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            MaxDelay = maxDelay is { } maxSeconds ? TimeSpan.FromSeconds(maxSeconds) : null,
            Concurrency = concurrency,
            Scraper = scraper with { Name = profile?.Name ?? name, Selectors = selectors },
        };
    }

    /// <summary>
    /// The fields of an imported source (csv, folder, filename, video, idx). Paths are relative to the manifest file and
    /// must exist; only the fields of the source's kind are known, so a field of another kind is reported as unknown.
    /// </summary>
    private static ImportedSource? ReadImportSource(MappingReader reader, string file, SourceKind kind, List<ManifestError> errors)
    {
        var errorCount = errors.Count;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;
        string? PathField(string field, bool required, bool folder)
        {
            var text = reader.String(field, required);
            if (text is null)
            {
                return null;
            }

            var full = Path.GetFullPath(Path.Combine(directory, text));
            if (folder ? !Directory.Exists(full) : !File.Exists(full))
            {
                reader.Error(field, $"'{text}' is not an existing {(folder ? "folder" : "file")} (resolved against the manifest's folder to {full})");
            }

            return full;
        }

        var label = reader.String("label");
        var facets = reader.StringMap("facets") ?? new Dictionary<string, string>();
        var precropped = reader.Bool("precropped") ?? false;
        var unlabelled = reader.Bool("unlabelled") ?? false;
        if (unlabelled && label is not null)
        {
            reader.Error("label", "an unlabelled source gives no label");
        }

        var values = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (reader.Mapping("values") is { } valueMaps)
        {
            foreach (var key in ((YamlMappingNode)valueMaps.Node).Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty))
            {
                if (valueMaps.StringMap(key) is { } map)
                {
                    values[key] = map;
                }
            }

            valueMaps.Finish();
        }

        var numbers = reader.StringList("numbers") ?? [];
        var settings = new ImportSettings { Values = values, Numbers = numbers };
        switch (kind)
        {
            case SourceKind.Csv:
                var facetColumns = reader.StringList("facetColumns");
                settings = new ImportSettings
                {
                    Values = values,
                    Numbers = numbers,
                    Csv = PathField("csv", required: true, folder: false),
                    Images = PathField("images", required: true, folder: true),
                    IdColumn = reader.String("idColumn") ?? "id",
                    LabelColumn = reader.String("labelColumn") ?? "label",
                    FacetColumns = facetColumns,
                    FileName = reader.String("fileName"),
                };
                if (settings.FileName is { } template && !template.Contains('{', StringComparison.Ordinal))
                {
                    reader.Error("fileName", $"'{template}' names no column; write e.g. '{{id}}.jpg'");
                }

                break;
            case SourceKind.Folder or SourceKind.Filename:
                settings = new ImportSettings
                {
                    Values = values,
                    Numbers = numbers,
                    Path = PathField("path", required: true, folder: true),
                    Extensions = reader.StringList("extensions") ?? ImportSettings.DefaultExtensions,
                    Pattern = kind == SourceKind.Filename ? reader.String("pattern", required: true) : null,
                };
                if (settings.Pattern is { } pattern)
                {
                    try
                    {
                        var regex = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
                        if (!regex.GetGroupNames().Any(g => !int.TryParse(g, out _)))
                        {
                            reader.Error("pattern", "has no named group; write e.g. '^(?<age>\\d+)_(?<gender>[01])_' so each group becomes a facet");
                        }
                    }
                    catch (ArgumentException e)
                    {
                        reader.Error("pattern", $"is not a valid regular expression: {e.Message}");
                    }
                }

                break;
            case SourceKind.Video:
                var everySeconds = reader.Double("everySeconds", 0.001, 86_400);
                var everyFrames = reader.Int("everyFrames", 1, 10_000_000);
                if (everySeconds is not null && everyFrames is not null)
                {
                    reader.Error("everyFrames", "give everySeconds or everyFrames, not both");
                }

                var crops = new List<VideoCrop>();
                foreach (var crop in reader.StringList("crops") ?? ["full"])
                {
                    if (Enum.TryParse<VideoCrop>(crop, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                    {
                        crops.Add(parsed);
                    }
                    else
                    {
                        reader.Error("crops", $"'{crop}' must be full, left or right");
                    }
                }

                settings = new ImportSettings
                {
                    Values = values,
                    Numbers = numbers,
                    Path = PathField("path", required: true, folder: false),
                    EverySeconds = everySeconds,
                    EveryFrames = everyFrames,
                    Crops = [.. crops.Distinct()],
                    Labels = PathField("labels", required: false, folder: false),
                };
                if (settings.Labels is not null && unlabelled)
                {
                    reader.Error("labels", "an unlabelled source gives no labels");
                }

                if (label is null && !unlabelled && settings.Labels is null)
                {
                    reader.Error("label", "is required for a video (every frame gets it), unless 'labels:' names a CSV of time,crop,label or 'unlabelled: true'");
                }

                break;
            case SourceKind.Idx:
                settings = new ImportSettings
                {
                    Values = values,
                    Numbers = numbers,
                    Images = PathField("images", required: true, folder: false),
                    Labels = PathField("labels", required: !unlabelled, folder: false),
                };
                break;
        }

        reader.Finish();
        return errors.Count > errorCount
            ? null
            : new ImportedSource(kind, label, facets, settings, precropped, unlabelled, Path.GetFullPath(file));
    }

    /// <summary>An imported source as read, before it gets its name and dataset.</summary>
    private sealed record ImportedSource(
        SourceKind Kind, string? Label, IReadOnlyDictionary<string, string> Facets, ImportSettings Settings, bool Precropped, bool Unlabelled, string FilePath)
    {
        public SourceManifest ToManifest(string name, string dataset) => new()
        {
            Name = name,
            Dataset = dataset,
            Kind = Kind,
            Label = Label,
            Facets = Facets,
            Import = Settings,
            Precropped = Precropped,
            Unlabelled = Unlabelled,
            FilePath = FilePath,
            Scraper = new ScraperProfile { Name = name, Selectors = new SelectorSet() },
        };
    }

    /// <summary>
    /// The scraper settings a profile file or a manifest may give (all but the selectors): a manifest's value overrides its
    /// profile's (<paramref name="inherited"/>), an absent one keeps it.
    /// </summary>
    private static ScraperProfile ReadScraperFields(MappingReader reader, ScraperProfile? inherited)
    {
        var pageParameter = reader.String("pageParameter");
        if (pageParameter is not null && (pageParameter.Length == 0 || !pageParameter.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '[' or ']')))
        {
            reader.Error("pageParameter", $"'{pageParameter}' is not a query parameter name (e.g. page)");
        }

        var browser = reader.Bool("browser") ?? inherited?.Browser ?? false;
        var cookieBanner = reader.String("cookieBanner") ?? inherited?.CookieBanner;
        var loadMore = reader.String("loadMore") ?? inherited?.LoadMore;
        var infiniteScroll = reader.Bool("infiniteScroll") ?? inherited?.InfiniteScroll ?? false;
        if (!browser && (cookieBanner is not null || loadMore is not null || infiniteScroll))
        {
            reader.Error("browser", "cookieBanner, loadMore and infiniteScroll click and scroll in Chromium: set 'browser: true'");
        }

        var followProfile = reader.Bool("followProfile") ?? inherited?.FollowProfile ?? false;
        return new ScraperProfile
        {
            Name = inherited?.Name ?? string.Empty,
            Selectors = inherited?.Selectors ?? new SelectorSet(),
            Browser = browser,
            WaitFor = reader.String("waitFor") ?? inherited?.WaitFor,
            MaxPages = reader.Int("maxPages", 1, 10_000) ?? inherited?.MaxPages ?? ScraperProfile.DefaultMaxPages,
            PageParameter = pageParameter ?? inherited?.PageParameter,
            FirstPageNumber = reader.Int("firstPageNumber", 0, 1_000_000) ?? inherited?.FirstPageNumber ?? 1,
            CookieBanner = cookieBanner,
            LoadMore = loadMore,
            InfiniteScroll = infiniteScroll,
            MaxLoadMore = reader.Int("maxLoadMore", 1, 1_000) ?? inherited?.MaxLoadMore ?? ScraperProfile.DefaultMaxLoadMore,
            FollowProfile = followProfile,
        };
    }

    private static SelectorSet? ReadSelectors(MappingReader? reader)
    {
        if (reader is null)
        {
            return null;
        }

        string? Read(string key)
        {
            var value = reader.String(key);
            if (value is not null && value.Trim().Length == 0)
            {
                reader.Error(key, "must not be empty; write null to turn off the profile's selector, or leave the field out to keep it");
                return null;
            }

            return value;
        }

        var set = new SelectorSet
        {
            Item = Read("item"),
            Name = Read("name"),
            Role = Read("role"),
            Photo = Read("photo"),
            Link = Read("link"),
            Label = Read("label"),
            LabelHeading = Read("labelHeading"),
            RoleHeading = Read("roleHeading"),
            NextPage = Read("nextPage"),
            ProfilePhoto = Read("profilePhoto"),
            ProfileRole = Read("profileRole"),
            ProfileLabel = Read("profileLabel"),
        };
        reader.Finish();
        var cleared = SelectorFields.Where(reader.IsNull).ToArray();
        return cleared.Length == 0 ? set : set with { Cleared = cleared };
    }

    private static readonly string[] SelectorFields =
        ["item", "name", "role", "photo", "link", "label", "labelHeading", "roleHeading", "nextPage", "profilePhoto", "profileRole", "profileLabel"];

    private static YamlMappingNode? Parse(string file, List<ManifestError> errors)
    {
        var display = Display(file);
        try
        {
            var stream = new YamlStream();
            using (var text = File.OpenText(file))
            {
                stream.Load(text);
            }

            if (stream.Documents.Count == 0)
            {
                errors.Add(new ManifestError(display, 1, 1, "(file)", "is empty"));
                return null;
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                var node = stream.Documents[0].RootNode;
                errors.Add(new ManifestError(display, (int)node.Start.Line, (int)node.Start.Column, "(file)", "must be a mapping of 'field: value' lines"));
                return null;
            }

            return root;
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).Split('\n')[0];
            errors.Add(new ManifestError(display, (int)e.Start.Line, (int)e.Start.Column, "(syntax)", message));
            return null;
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet gives up this way on some unterminated constructs at the end of the file.
            errors.Add(new ManifestError(display, 0, 0, "(syntax)", $"is not valid YAML ({e.Message}); look for an unclosed bracket or quote"));
            return null;
        }
    }

    private static IEnumerable<string> YamlFiles(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
            : [];

    private static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 100 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool IsQuartzCron(string cron)
    {
        try
        {
            Quartz.CronExpression.Parse(cron.Trim());
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Display(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
    }
}
