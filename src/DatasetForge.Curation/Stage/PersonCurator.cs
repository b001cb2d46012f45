using System.Globalization;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Curation.Hashing;
using DatasetForge.Curation.Filters;

namespace DatasetForge.Curation.Stage;

/// <summary>
/// Applies the named rules to every person at once (duplicates need them all). Pure: the same facts give the same
/// verdicts, so re-running the stage changes nothing.
/// </summary>
internal sealed class PersonCurator(CurationOptions options, RoleClassifier roles)
{
    /// <summary>Photos used by this many persons or more are placeholders (a shared silhouette, a logo).</summary>
    public const int PlaceholderShareCount = 3;

    /// <summary>
    /// Rejecting rules in precedence order: a person's <c>StatusRule</c> is the first of these that rejected them.
    /// Every rule that applies is still recorded as its own decision.
    /// </summary>
    public static readonly IReadOnlyList<string> Precedence =
    [
        Rules.NoPhoto,
        Rules.Decode,
        Rules.Placeholder,
        Rules.NoFace,
        Rules.FaceTooSmall,
        Rules.AmbiguousFaces,
        Rules.NonAcademicRole,
        Rules.NoLabel,
        Rules.Duplicate,
    ];

    public IReadOnlyList<PersonVerdict> Decide(IReadOnlyList<PersonFacts> persons, IReadOnlyDictionary<int, PhotoFacts> photos)
    {
        var ordered = persons.OrderBy(p => p.Id).ToList();
        var sharing = ordered.Where(p => p.PhotoId is not null)
            .GroupBy(p => p.PhotoId!.Value)
            .ToDictionary(g => g.Key, g => g.Count());

        var decisions = new Dictionary<int, List<Decision>>();
        var roleNotes = new Dictionary<int, string>();
        foreach (var person in ordered)
        {
            var list = new List<Decision>();
            var photo = person.PhotoId is { } photoId ? photos.GetValueOrDefault(photoId) : null;
            ApplyPhotoRules(person, photo, sharing, list);
            roleNotes[person.Id] = ApplyRoleRule(person, list);
            if (string.IsNullOrWhiteSpace(person.Label))
            {
                list.Add(new Decision(Rules.NoLabel, DecisionOutcome.Rejected, "the person has no label"));
            }

            decisions[person.Id] = list;
        }

        var groups = Group(ordered, photos);
        foreach (var group in groups.Values.Distinct())
        {
            var candidates = group.Where(id => !decisions[id].Any(d => d.Outcome == DecisionOutcome.Rejected)).Order().ToList();
            if (candidates.Count < 2)
            {
                continue;
            }

            var first = persons.First(p => p.Id == candidates[0]);
            foreach (var id in candidates.Skip(1))
            {
                var other = persons.First(p => p.Id == id);
                decisions[id].Add(DuplicateDecision(first, other, photos));
            }
        }

        var verdicts = new List<PersonVerdict>(ordered.Count);
        foreach (var person in ordered)
        {
            var list = decisions[person.Id];
            var rejecting = Precedence.FirstOrDefault(rule => list.Any(d => d.Rule == rule && d.Outcome == DecisionOutcome.Rejected));
            if (rejecting is null)
            {
                list.Add(Accepted(person, photos, roleNotes[person.Id]));
            }

            verdicts.Add(new PersonVerdict(
                person.Id,
                rejecting is null ? PersonStatus.Kept : PersonStatus.Rejected,
                rejecting,
                groups[person.Id].Min(),
                [.. list.OrderBy(d => d.Rule, StringComparer.Ordinal)]));
        }

        return verdicts;
    }

    private void ApplyPhotoRules(PersonFacts person, PhotoFacts? photo, Dictionary<int, int> sharing, List<Decision> list)
    {
        if (person.PhotoId is null || photo is null)
        {
            var reason = person.PhotoUrl is null
                ? "the page gave no photo"
                : $"the photo {person.PhotoUrl} was not downloaded";
            list.Add(new Decision(Rules.NoPhoto, DecisionOutcome.Rejected, reason));
            return;
        }

        if (photo.DecodeError is not null)
        {
            list.Add(new Decision(Rules.Decode, DecisionOutcome.Rejected, $"{photo.DecodeError} ({photo.Url})"));
            return;
        }

        var shared = sharing[photo.PhotoId];
        if (shared >= PlaceholderShareCount)
        {
            list.Add(new Decision(Rules.Placeholder, DecisionOutcome.Rejected,
                $"the same photo is used by {shared} persons ({photo.Url})", shared));
        }

        if (photo.FaceCount == 0)
        {
            var word = PlaceholderNames.Match(person.PhotoUrl) ?? PlaceholderNames.Match(photo.Url);
            if (word is not null && shared < PlaceholderShareCount)
            {
                list.Add(new Decision(Rules.Placeholder, DecisionOutcome.Rejected,
                    $"no face, and the file name says '{word}' ({person.PhotoUrl ?? photo.Url})"));
            }

            list.Add(new Decision(Rules.NoFace, DecisionOutcome.Rejected,
                Invariant($"no face with score >= {options.MinScore:0.00} in the {photo.Width}x{photo.Height} photo")));
            return;
        }

        if (photo.FaceWidth is { } width && width < options.MinFaceSize)
        {
            list.Add(new Decision(Rules.FaceTooSmall, DecisionOutcome.Rejected,
                Invariant($"the face is {width:0} px wide, under the minimum of {options.MinFaceSize} px"), width));
        }

        if (photo.SecondFaceRatio is { } ratio && ratio >= options.AmbiguousFaceRatio)
        {
            list.Add(new Decision(Rules.AmbiguousFaces, DecisionOutcome.Rejected,
                Invariant($"{photo.FaceCount} faces; the second has {ratio:P0} of the largest one's area (limit {options.AmbiguousFaceRatio:P0}); scores: {photo.FacesSummary}"),
                ratio));
        }
    }

    private string ApplyRoleRule(PersonFacts person, List<Decision> list)
    {
        var role = roles.Classify(person.Role);
        switch (role.Category)
        {
            case RoleCategory.NonAcademic:
                list.Add(new Decision(Rules.NonAcademicRole, DecisionOutcome.Rejected,
                    $"the role '{person.Role}' matches the non-academic '{role.NonAcademicMatch}'"));
                return string.Empty;
            case RoleCategory.Unknown:
                list.Add(new Decision(Rules.UnknownRole, DecisionOutcome.Flagged,
                    $"the role '{person.Role}' matches neither the academic nor the non-academic list"));
                return $"role '{person.Role}' unknown";
            case RoleCategory.Missing:
                list.Add(new Decision(Rules.UnknownRole, DecisionOutcome.Flagged, "no role given"));
                return "no role";
            default:
                return role.NonAcademicMatch is null
                    ? $"academic role '{role.AcademicMatch}'"
                    : $"academic role '{role.AcademicMatch}' (beats non-academic '{role.NonAcademicMatch}')";
        }
    }

    /// <summary>
    /// Duplicate groups: persons sharing a photo, or whose crops' perceptual hashes are within the near-duplicate
    /// distance, joined transitively (union-find). Every person maps to the ids of its group.
    /// </summary>
    private Dictionary<int, List<int>> Group(List<PersonFacts> persons, IReadOnlyDictionary<int, PhotoFacts> photos)
    {
        var parent = persons.ToDictionary(p => p.Id, p => p.Id);
        int Find(int id)
        {
            while (parent[id] != id)
            {
                parent[id] = parent[parent[id]];
                id = parent[id];
            }

            return id;
        }

        void Union(int a, int b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb)
            {
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        foreach (var samePhoto in persons.Where(p => p.PhotoId is not null).GroupBy(p => p.PhotoId))
        {
            var first = samePhoto.First().Id;
            foreach (var other in samePhoto.Skip(1))
            {
                Union(first, other.Id);
            }
        }

        var hashed = persons
            .Select(p => (p.Id, Hash: p.PhotoId is { } id && photos.TryGetValue(id, out var photo) && photo.DecodeError is null ? photo.PerceptualHash : null))
            .Where(x => x.Hash is not null)
            .ToList();
        for (var i = 0; i < hashed.Count; i++)
        {
            for (var j = i + 1; j < hashed.Count; j++)
            {
                if (PerceptualHash.Distance(hashed[i].Hash!.Value, hashed[j].Hash!.Value) <= options.NearDuplicateDistance)
                {
                    Union(hashed[i].Id, hashed[j].Id);
                }
            }
        }

        return persons.GroupBy(p => Find(p.Id))
            .SelectMany(g =>
            {
                var members = g.Select(p => p.Id).ToList();
                return members.Select(id => (id, members));
            })
            .ToDictionary(x => x.id, x => x.members);
    }

    private static Decision DuplicateDecision(PersonFacts first, PersonFacts other, IReadOnlyDictionary<int, PhotoFacts> photos)
    {
        if (first.PhotoId == other.PhotoId)
        {
            return new Decision(Rules.Duplicate, DecisionOutcome.Rejected, $"duplicate of person #{first.Id} (same photo)", 0);
        }

        var distance = PerceptualHash.Distance(photos[first.PhotoId!.Value].PerceptualHash!.Value, photos[other.PhotoId!.Value].PerceptualHash!.Value);
        return new Decision(Rules.Duplicate, DecisionOutcome.Rejected,
            $"duplicate of person #{first.Id} (pHash distance {distance})", distance);
    }

    private static Decision Accepted(PersonFacts person, IReadOnlyDictionary<int, PhotoFacts> photos, string roleNote)
    {
        var photo = photos[person.PhotoId!.Value];
        var reason = Invariant($"face score {photo.FaceScore:0.00}, {photo.FaceWidth:0} px wide in {photo.Width}x{photo.Height}");
        return new Decision(Rules.Accepted, DecisionOutcome.Kept,
            roleNote.Length == 0 ? reason : $"{reason}; {roleNote}", photo.FaceScore);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
