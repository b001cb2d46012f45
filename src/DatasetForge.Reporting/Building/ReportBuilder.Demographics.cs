using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Demographics;
using DatasetForge.Core.Pipeline;
using DatasetForge.Reporting.Model;

namespace DatasetForge.Reporting.Building;

/// <summary>The demographic section: counts per estimated gender and age band, never one person's estimate.</summary>
internal static partial class ReportBuilder
{
    /// <summary>The value of a person or item whose face has no estimate (no face found, demographics off, not curated).</summary>
    public const string NoEstimate = "(no estimate)";

    public const string EstimatedGender = "estimated gender";

    public const string EstimatedAgeBand = "estimated age band";

    public const string DemographicsDescription =
        "Demographic balance from estimates, not facts: counts of persons and items per estimated gender and age band. " +
        "No individual estimate is part of this report.";

    public const string EstimateLimits =
        "Estimated gender and age are a model's guesses from the face, not facts about anyone. face-api's age and gender " +
        "network was trained on mostly adult faces from public datasets (UTKFace-like); it knows only two genders " +
        "(female, male), and it is less accurate for children, older people and people with darker skin, and on " +
        "low-resolution or non-frontal faces. These counts are for auditing the dataset as a whole, never for judging a person.";

    public const string NoEstimatesNote = "No demographic estimates: curation.demographics is false, or no face was analysed.";

    private static readonly string[] KnownGenders = ["female", "male"];

    /// <summary>Rules about the photo, the face and the crop: a person rejected by one did not pass the quality rules.</summary>
    private static readonly HashSet<string> QualityRules = new(StringComparer.Ordinal)
    {
        Rules.Decode, Rules.Placeholder, Rules.ImageTooSmall, Rules.NoFace, Rules.FaceTooSmall, Rules.AmbiguousFaces, Rules.NoPair,
        Rules.TooDark, Rules.TooBright, Rules.Blur, Rules.Greyscale,
    };

    /// <summary>The role rules: curation applies them after the quality rules (see its precedence of rules).</summary>
    private static readonly HashSet<string> RoleRules = new(StringComparer.Ordinal) { Rules.NonAcademicRole };

    /// <summary>
    /// Counts the estimates of the exported items (of the kept persons before any export) and of every listed person,
    /// and raises the confound and stage-drop flags on them. Flags on estimates name no cell: a contact sheet of
    /// "label x estimated gender" would show whose face was estimated what.
    /// </summary>
    private static (DemographicReport Report, List<AuditFlag> Flags) Demographics(
        List<Person> persons,
        IReadOnlyList<VersionItemRecord>? items,
        HashSet<int> exported,
        Func<int, string> sourceOf,
        Func<string?, string> labelOf,
        ReportOptions options)
    {
        var bands = new AgeBands(options.AgeBandEdges);
        string GenderOf(Person? p) => p?.EstimatedGender is { } g && !string.IsNullOrWhiteSpace(g) ? g.Trim() : NoEstimate;
        string BandOf(Person? p) => p?.EstimatedAge is { } age && float.IsFinite(age) ? bands.Of(age) : NoEstimate;

        var listed = persons.Where(p => !p.Vanished).ToList();
        var estimated = listed.Where(p => GenderOf(p) != NoEstimate || BandOf(p) != NoEstimate).ToList();
        var without = listed.Where(p => GenderOf(p) == NoEstimate && BandOf(p) == NoEstimate).ToList();
        var basis = items is null ? "kept persons" : "exported items";
        var report = new DemographicReport
        {
            Description = DemographicsDescription,
            Limits = EstimateLimits,
            Basis = basis,
            ListedPersons = listed.Count,
            EstimatedPersons = estimated.Count,
            UncertainBelow = options.UncertainGenderProbability,
            NoEstimate = new NoEstimateCounts(
                without.Count, without.Count(p => !p.HasPhoto), without.Count(p => p.HasPhoto && !p.HasFace), without.Count(p => p.HasFace)),
            AgeBands = bands.Names,
        };
        if (estimated.Count == 0)
        {
            return (report with { Note = NoEstimatesNote }, []);
        }

        var byId = persons.ToDictionary(p => p.Id);
        List<Unit> units = items is null
            ? [.. listed.Where(p => p.Status == ItemStatus.Kept).Select(p => new Unit(labelOf(p.Label), null, sourceOf(p.Id), p))]
            : [.. items.Select(i => new Unit(
                i.Label,
                SplitNames.FirstOrDefault(s => string.Equals(s, i.Split, StringComparison.OrdinalIgnoreCase)),
                sourceOf(i.PersonId),
                byId.GetValueOrDefault(i.PersonId)))];
        List<string> genders =
        [
            .. KnownGenders,
            .. persons.Select(GenderOf).Where(g => g != NoEstimate && !KnownGenders.Contains(g)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
        ];

        EstimateBalance BalanceOf(string estimate, IReadOnlyList<string> values, Func<Person?, string> valueOf)
        {
            List<string> columns = [.. values, NoEstimate];
            EstimateRow Row(string key, IEnumerable<Unit> subset)
            {
                var counts = columns.ToDictionary(v => v, _ => 0, StringComparer.Ordinal);
                var total = 0;
                foreach (var unit in subset)
                {
                    counts[valueOf(unit.Person)]++;
                    total++;
                }

                return new EstimateRow(key, counts, total);
            }

            return new EstimateBalance(
                estimate,
                columns,
                Row("all", units),
                [.. units.GroupBy(u => u.Label, StringComparer.Ordinal).OrderBy(g => g.Key, NaturalOrder.Instance).Select(g => Row(g.Key, g))],
                items is null ? [] : [.. SplitNames.Select(s => Row(s, units.Where(u => u.Split == s)))],
                [.. units.GroupBy(u => u.Source, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Row(g.Key, g))]);
        }

        var estimatedBasis = basis + " with an estimate";
        var labelByGender = CrossTable("label", EstimatedGender, units.Select(u => (u.Label, GenderOf(u.Person))).Where(p => p.Item2 != NoEstimate), estimatedBasis, genders);
        var labelByBand = CrossTable("label", EstimatedAgeBand, units.Select(u => (u.Label, BandOf(u.Person))).Where(p => p.Item2 != NoEstimate), estimatedBasis, bands.Names);
        var sourceByGender = CrossTable("source", EstimatedGender, units.Select(u => (u.Source, GenderOf(u.Person))).Where(p => p.Item2 != NoEstimate), estimatedBasis, genders);

        List<EstimateFunnel> funnel = [.. FunnelOf(EstimatedGender, genders, GenderOf), .. FunnelOf(EstimatedAgeBand, bands.Names, BandOf)];
        IEnumerable<EstimateFunnel> FunnelOf(string estimate, IReadOnlyList<string> values, Func<Person, string> valueOf) =>
            estimated
                .GroupBy(valueOf, StringComparer.Ordinal)
                .Where(g => g.Key != NoEstimate)
                .OrderBy(g => Position(values, g.Key))
                .Select(g => new EstimateFunnel(
                    estimate,
                    g.Key,
                    g.Count(),
                    g.Count(p => !RejectedBy(p, QualityRules)),
                    g.Count(p => !RejectedBy(p, QualityRules) && !RejectedBy(p, RoleRules)),
                    g.Count(p => p.Status == ItemStatus.Kept),
                    g.Count(p => exported.Contains(p.Id))));

        IEnumerable<GroupRejections> RejectionsOf(string estimate, IReadOnlyList<string> values, Func<Person, string> valueOf) =>
            estimated
                .Where(p => p.Status == ItemStatus.Rejected)
                .GroupBy(valueOf, StringComparer.Ordinal)
                .Where(g => g.Key != NoEstimate)
                .OrderBy(g => Position(values, g.Key))
                .Select(g => new GroupRejections(
                    estimate,
                    g.Key,
                    g.CountBy(p => p.StatusRule ?? "(unrecorded)").OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)));

        var flags = new List<AuditFlag>();
        flags.AddRange(AuditRules.Shortcuts(labelByGender, options).Select(f => f with { CellLabel = null, CellValue = null }));
        flags.AddRange(AuditRules.Shortcuts(labelByBand, options).Select(f => f with { CellLabel = null, CellValue = null }));
        flags.AddRange(AuditRules.Associations(sourceByGender, options));
        flags.AddRange(AuditRules.EstimateStageDrops(funnel, items is not null, options));

        return (report with
        {
            Models = [.. estimated.Select(p => p.EstimatesModel).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            UncertainGender = estimated.Count(p => GenderOf(p) != NoEstimate && p.EstimatedGenderProbability is { } probability && probability < options.UncertainGenderProbability),
            Gender = BalanceOf(EstimatedGender, genders, GenderOf),
            AgeBand = BalanceOf(EstimatedAgeBand, bands.Names, BandOf),
            Contingencies = [labelByGender, labelByBand, sourceByGender],
            Funnel = funnel,
            RejectionsByGroup = [.. RejectionsOf(EstimatedGender, genders, GenderOf), .. RejectionsOf(EstimatedAgeBand, bands.Names, BandOf)],
        }, flags);
    }

    /// <summary>Where a value comes in its estimate's order (age bands youngest first); unknown values last.</summary>
    private static int Position(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }

        return values.Count;
    }

    private static bool RejectedBy(Person person, HashSet<string> rules) =>
        person.Status == ItemStatus.Rejected && person.StatusRule is { } rule && rules.Contains(rule);

    /// <summary>One counted item (or kept person before any export): its label, split, source and person.</summary>
    private sealed record Unit(string Label, string? Split, string Source, Person? Person);
}
