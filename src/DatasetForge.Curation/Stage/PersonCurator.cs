using System.Globalization;
using DatasetForge.Catalogue;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Definitions;
using DatasetForge.Core.Pipeline;
using DatasetForge.Curation.Hashing;
using DatasetForge.Curation.Filters;
using DatasetForge.FaceModels.Analysis;

namespace DatasetForge.Curation.Stage;

/// <summary>
/// Applies the named rules to every person at once (duplicates need them all). Pure: the same facts give the same
/// verdicts, so re-running the stage changes nothing.
/// </summary>
internal sealed class PersonCurator(CurationOptions options, RoleClassifier roles)
{
    /// <summary>
    /// Rejecting rules in precedence order: a person's <c>StatusRule</c> is the first of these that rejected them.
    /// Every rule that applies is still recorded as its own decision.
    /// </summary>
    public static readonly IReadOnlyList<string> Precedence =
    [
        Rules.Takedown,
        Rules.NoPhoto,
        Rules.Decode,
        Rules.Placeholder,
        Rules.ImageTooSmall,
        Rules.NoFace,
        Rules.FaceTooSmall,
        Rules.AmbiguousFaces,
        Rules.NoPair,
        Rules.TooDark,
        Rules.TooBright,
        Rules.Blur,
        Rules.Greyscale,
        Rules.NonAcademicRole,
        Rules.NoLabel,
        Rules.LabelConflict,
        Rules.Duplicate,
    ];

    public IReadOnlyList<PersonVerdict> Decide(IReadOnlyList<PersonFacts> persons, IReadOnlyDictionary<int, PhotoFacts> photos)
    {
        var ordered = persons.OrderBy(p => p.Id).ToList();
        var sharing = SharedImages(ordered, photos);

        var decisions = new Dictionary<int, List<Decision>>();
        var roleNotes = new Dictionary<int, string>();
        foreach (var person in ordered)
        {
            var list = new List<Decision>();
            if (person.TakedownReason is { } takedown)
            {
                // Forgotten: no other rule is worth recording about them.
                decisions[person.Id] = [new Decision(Rules.Takedown, DecisionOutcome.Rejected, takedown)];
                roleNotes[person.Id] = string.Empty;
                continue;
            }

            var photo = person.PhotoId is { } photoId ? photos.GetValueOrDefault(photoId) : null;
            ApplyPhotoRules(person, photo, sharing.GetValueOrDefault(person.Id), list);
            roleNotes[person.Id] = person.IsStaffListing ? ApplyRoleRule(person, list) : "imported item (no role rules)";
            if (string.IsNullOrWhiteSpace(person.EffectiveLabel) && !person.IsUnlabelledSource)
            {
                list.Add(new Decision(Rules.NoLabel, DecisionOutcome.Rejected, "the person has no label"));
            }

            if (person.ListingConflict is { } evidence && person.IsStaffListing)
            {
                list.Add(ListingConflictDecision(person, evidence));
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

            var members = candidates.Select(id => persons.First(p => p.Id == id)).ToList();
            if (LabelConflict(members) is { } conflict)
            {
                if (Resolution(members, conflict) is not ({ } keeper, { } resolved))
                {
                    // Not first-wins: which label is right is the reviewer's call, so none is kept until they set it.
                    foreach (var id in candidates)
                    {
                        AddConflict(decisions[id], conflict);
                    }

                    continue;
                }

                // Resolved by review: the reviewed listing is the person, the others its duplicates.
                foreach (var id in candidates)
                {
                    AddConflict(decisions[id], resolved);
                }

                candidates = [keeper.Id, .. candidates.Where(id => id != keeper.Id)];
            }

            var first = persons.First(p => p.Id == candidates[0]);
            foreach (var id in candidates.Skip(1))
            {
                var other = persons.First(p => p.Id == id);
                decisions[id].Add(DuplicateDecision(first, other, photos));
            }
        }

        var splitGroups = JoinIdentities(ordered, photos, groups, decisions);
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
                rejecting is null ? ItemStatus.Kept : ItemStatus.Rejected,
                rejecting,
                splitGroups.GetValueOrDefault(person.Id, person.Id),
                [.. list.OrderBy(d => d.Rule, StringComparer.Ordinal)]));
        }

        return verdicts;
    }

    private void ApplyPhotoRules(PersonFacts person, PhotoFacts? photo, SharedImage? shared, List<Decision> list)
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

        if (shared is { Names: var names } && names >= options.PlaceholderMinPersons)
        {
            list.Add(new Decision(Rules.Placeholder, DecisionOutcome.Rejected,
                Invariant($"the same or a near-identical image (pHash distance <= {options.ImageNearDuplicateDistance}) is used by {names} differently named persons ({photo.Url})"),
                names));
        }

        if (Math.Min(photo.Width, photo.Height) < options.MinImageSide)
        {
            list.Add(new Decision(Rules.ImageTooSmall, DecisionOutcome.Rejected,
                Invariant($"the photo is {photo.Width}x{photo.Height}, under the minimum side of {options.MinImageSide} px ({photo.Url})"),
                Math.Min(photo.Width, photo.Height)));
        }

        if (photo.IsGreyscale == true)
        {
            list.Add(new Decision(Rules.Greyscale, options.RejectGreyscale ? DecisionOutcome.Rejected : DecisionOutcome.Flagged,
                $"the photo is greyscale ({photo.Url})"));
        }

        var policy = person.IsPrecroppedSource ? FacePolicy.One : options.Faces;
        if (policy == FacePolicy.Whole)
        {
            // The whole photo is the crop: no face is needed, so the face rules do not apply.
            ApplyQualityRules(photo, list);
            return;
        }

        if (photo.FaceCount == 0)
        {
            var word = PlaceholderNames.Match(person.PhotoUrl) ?? PlaceholderNames.Match(photo.Url);
            if (word is not null && !list.Any(d => d.Rule == Rules.Placeholder))
            {
                list.Add(new Decision(Rules.Placeholder, DecisionOutcome.Rejected,
                    $"no face, and the file name says '{word}' ({person.PhotoUrl ?? photo.Url})"));
            }

            list.Add(new Decision(Rules.NoFace, DecisionOutcome.Rejected,
                Invariant($"no face with score >= {options.MinScore:0.00} in the {photo.Width}x{photo.Height} photo")));
            return;
        }

        if (policy == FacePolicy.Pair && photo.FaceCount < 2)
        {
            list.Add(new Decision(Rules.NoPair, DecisionOutcome.Rejected,
                Invariant($"faces: pair needs two faces; one face with score >= {options.MinScore:0.00} in the {photo.Width}x{photo.Height} photo (score {photo.FaceScore:0.00})")));
            return;
        }

        // Pair: both faces must be big enough, so the narrower of the two is judged.
        if (policy == FacePolicy.Pair && photo.PairFaceWidth is { } pairWidth)
        {
            if (pairWidth < options.MinFaceSize)
            {
                list.Add(new Decision(Rules.FaceTooSmall, DecisionOutcome.Rejected,
                    Invariant($"the smaller face of the pair is {pairWidth:0} px wide, under the minimum of {options.MinFaceSize} px (faces: pair needs both faces big enough)"), pairWidth));
            }
        }
        else if (photo.FaceWidth is { } width && width < options.MinFaceSize)
        {
            list.Add(new Decision(Rules.FaceTooSmall, DecisionOutcome.Rejected,
                Invariant($"the face is {width:0} px wide, under the minimum of {options.MinFaceSize} px"), width));
        }

        // One: the second face against the kept one; pair: the third against the smaller of the two kept.
        if (photo.SecondFaceRatio is { } ratio && ratio >= options.AmbiguousFaceRatio)
        {
            list.Add(new Decision(Rules.AmbiguousFaces, DecisionOutcome.Rejected,
                policy == FacePolicy.Pair
                    ? Invariant($"{photo.FaceCount} faces; the third (score {photo.SecondFaceScore:0.00}) has {ratio:P0} of the smaller kept face's area (limit {options.AmbiguousFaceRatio:P0}); faces: pair keeps two")
                    : Invariant($"{photo.FaceCount} faces; the second (score {photo.SecondFaceScore:0.00}) has {ratio:P0} of the kept face's area (limit {options.AmbiguousFaceRatio:P0}); kept face score {photo.FaceScore:0.00}"),
                ratio));
        }

        ApplyQualityRules(photo, list);
    }

    private void ApplyQualityRules(PhotoFacts photo, List<Decision> list)
    {
        if (photo.Sharpness is { } sharpness && sharpness < options.MinSharpness)
        {
            list.Add(new Decision(Rules.Blur, DecisionOutcome.Rejected,
                Invariant($"the face crop is blurred: variance of the Laplacian {sharpness:0.0}, under {options.MinSharpness:0.0}"), sharpness));
        }

        if (photo.Brightness is { } brightness)
        {
            if (brightness < options.MinBrightness)
            {
                list.Add(new Decision(Rules.TooDark, DecisionOutcome.Rejected,
                    Invariant($"the face crop is too dark: mean luminance {brightness:0.0} of 255, under {options.MinBrightness:0.0}"), brightness));
            }
            else if (brightness > options.MaxBrightness)
            {
                list.Add(new Decision(Rules.TooBright, DecisionOutcome.Rejected,
                    Invariant($"the face crop is too bright: mean luminance {brightness:0.0} of 255, over {options.MaxBrightness:0.0}"), brightness));
            }
        }
    }

    /// <summary>
    /// For every person whose photo is shared (the same photo, or a near-identical one by whole-image pHash) with
    /// others: how many differently named persons use it. One name on several pages is one person, not a placeholder.
    /// Only staff listings are judged: an imported item's "name" is its file name or frame time, so copies of one photo
    /// in an import (or near-identical video frames) are duplicates of each other, one kept, never placeholders.
    /// </summary>
    private Dictionary<int, SharedImage> SharedImages(List<PersonFacts> persons, IReadOnlyDictionary<int, PhotoFacts> photos)
    {
        var withPhoto = persons
            .Where(p => p.IsStaffListing)
            .Select(p => (Person: p, Photo: p.PhotoId is { } id ? photos.GetValueOrDefault(id) : null))
            .Where(x => x.Photo is { DecodeError: null })
            .ToList();
        var parent = Enumerable.Range(0, withPhoto.Count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i)
            {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }

            return i;
        }

        var byPhoto = new Dictionary<int, int>();
        for (var i = 0; i < withPhoto.Count; i++)
        {
            if (byPhoto.TryGetValue(withPhoto[i].Photo!.PhotoId, out var first))
            {
                parent[Find(i)] = Find(first);
            }
            else
            {
                byPhoto[withPhoto[i].Photo!.PhotoId] = i;
            }
        }

        var hashed = byPhoto.Values.Where(i => withPhoto[i].Photo!.ImagePerceptualHash is not null).ToList();
        var imageHashes = hashed.Select(i => withPhoto[i].Photo!.ImagePerceptualHash!.Value).ToList();
        foreach (var (a, b) in NearHashPairs.Find(imageHashes, options.ImageNearDuplicateDistance))
        {
            parent[Find(hashed[a])] = Find(hashed[b]);
        }

        var result = new Dictionary<int, SharedImage>();
        foreach (var cluster in Enumerable.Range(0, withPhoto.Count).GroupBy(Find).Where(g => g.Count() > 1))
        {
            var names = cluster.Select(i => NormaliseName(withPhoto[i].Person.Name ?? $"#{withPhoto[i].Person.Id}")).Distinct().Count();
            foreach (var i in cluster)
            {
                result[withPhoto[i].Person.Id] = new SharedImage(cluster.Count(), names);
            }
        }

        return result;
    }

    private static string NormaliseName(string name) =>
        string.Join(' ', RoleClassifier.Normalise(name).Where(w => w is not ("dr" or "prof" or "phd" or "habil")));

    private string ApplyRoleRule(PersonFacts person, List<Decision> list)
    {
        var role = roles.Classify(person.Role);
        switch (role.Category)
        {
            case RoleCategory.NonAcademic:
                list.Add(new Decision(Rules.NonAcademicRole, DecisionOutcome.Rejected,
                    role.AcademicMatch is null
                        ? $"the role '{person.Role}' matches the non-academic '{role.NonAcademicMatch}'"
                        : $"the role '{person.Role}' is headed by the non-academic '{role.NonAcademicMatch}' (academic '{role.AcademicMatch}' comes later)"));
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
                    : $"academic role '{role.AcademicMatch}' (it heads the role; non-academic '{role.NonAcademicMatch}' comes later)";
        }
    }

    /// <summary>
    /// Duplicate groups: persons sharing a photo, or whose crops' perceptual hashes are within the near-duplicate
    /// distance, joined transitively (union-find). Every person maps to the ids of its group.
    /// </summary>
    private Dictionary<int, List<int>> Group(List<PersonFacts> persons, IReadOnlyDictionary<int, PhotoFacts> photos)
    {
        var union = new IdUnion(persons.Select(p => p.Id));
        int Find(int id) => union.Find(id);
        void Union(int a, int b) => union.Union(a, b);

        foreach (var samePhoto in persons.Where(p => p.PhotoId is not null).GroupBy(p => p.PhotoId))
        {
            var first = samePhoto.First().Id;
            foreach (var other in samePhoto.Skip(1))
            {
                Union(first, other.Id);
            }
        }

        foreach (var sameProfile in persons.Where(p => !string.IsNullOrWhiteSpace(p.ProfileUrl)).GroupBy(p => p.ProfileUrl, StringComparer.OrdinalIgnoreCase))
        {
            var first = sameProfile.First().Id;
            foreach (var other in sameProfile.Skip(1))
            {
                Union(first, other.Id);
            }
        }

        UnionNear(p => p.PerceptualHash, options.NearDuplicateDistance);
        UnionNear(p => p.ImagePerceptualHash, options.ImageNearDuplicateDistance);

        void UnionNear(Func<PhotoFacts, long?> hashOf, int limit)
        {
            var hashed = persons
                .Select(p => (p.Id, Hash: p.PhotoId is { } id && photos.TryGetValue(id, out var photo) && photo.DecodeError is null ? hashOf(photo) : null))
                .Where(x => x.Hash is not null)
                .ToList();
            foreach (var (i, j) in NearHashPairs.Find([.. hashed.Select(h => h.Hash!.Value)], limit))
            {
                Union(hashed[i].Id, hashed[j].Id);
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

    /// <summary>
    /// The groups export splits by: the duplicate groups, joined for video frames of one video close in time (and the
    /// crops of one frame), and where the kept faces' descriptors are within
    /// <see cref="CurationOptions.IdentityDistance"/> (the same person in different photos). Each person so joined gets
    /// a flagged <see cref="Rules.SamePerson"/> decision naming the nearest match, so a reviewer can find and split a
    /// wrong merge. Returns each person's group id (the smallest member id).
    /// </summary>
    private Dictionary<int, int> JoinIdentities(
        List<PersonFacts> persons, IReadOnlyDictionary<int, PhotoFacts> photos, Dictionary<int, List<int>> duplicates, Dictionary<int, List<Decision>> decisions)
    {
        var union = new IdUnion(persons.Select(p => p.Id));
        foreach (var members in duplicates.Values)
        {
            foreach (var id in members)
            {
                union.Union(members[0], id);
            }
        }

        int Find(int id) => union.Find(id);
        void Union(int a, int b) => union.Union(a, b);

        // Crops of one frame, and frames of one video close in time: nearly the same pixels, never two splits.
        foreach (var video in persons.Where(p => p.VideoFrame is not null).GroupBy(p => p.VideoFrame!.Value.Video, StringComparer.Ordinal))
        {
            var frames = video.OrderBy(p => p.VideoFrame!.Value.Seconds).ThenBy(p => p.Id).ToList();
            for (var i = 1; i < frames.Count; i++)
            {
                if (frames[i].VideoFrame!.Value.Seconds - frames[i - 1].VideoFrame!.Value.Seconds <= options.VideoGroupSeconds + 1e-9)
                {
                    Union(frames[i - 1].Id, frames[i].Id);
                }
            }
        }

        if (options.IdentityDistance >= 0)
        {
            var candidates = persons
                .Where(p => !p.NotSamePerson && !decisions[p.Id].Any(d => d.Outcome == DecisionOutcome.Rejected))
                .Select(p => (p.Id, Descriptor: p.PhotoId is { } id ? photos.GetValueOrDefault(id)?.Descriptor : null))
                .Where(x => x.Descriptor is not null)
                .ToList();
            var nearest = new Dictionary<int, (int Other, double Distance)>();
            foreach (var (i, j, distance) in DescriptorPairs.Find([.. candidates.Select(c => c.Descriptor!)], options.IdentityDistance))
            {
                var (a, b) = (candidates[i].Id, candidates[j].Id);
                Union(a, b);

                foreach (var (self, other) in new[] { (a, b), (b, a) })
                {
                    if (!nearest.TryGetValue(self, out var best) || distance < best.Distance)
                    {
                        nearest[self] = (other, distance);
                    }
                }
            }

            foreach (var (id, (other, distance)) in nearest)
            {
                decisions[id].Add(new Decision(Rules.SamePerson, DecisionOutcome.Flagged,
                    Invariant($"the same person as #{other} by face descriptor (distance {distance:0.000} <= {options.IdentityDistance}); kept, in one group with them so they never straddle two splits"),
                    Math.Round(distance, 4)));
            }
        }

        return persons.ToDictionary(p => p.Id, p => Find(p.Id));
    }

    /// <summary>
    /// The conflict decision when one duplicate group of staff listings holds different listed labels; null when they agree.
    /// Imported items keep the first of their copies, as before: a labelled dataset's own duplicates are not a listing conflict.
    /// </summary>
    private static Decision? LabelConflict(List<PersonFacts> members)
    {
        if (!members.All(m => m.IsStaffListing))
        {
            return null;
        }

        var labels = members.Where(m => !string.IsNullOrWhiteSpace(m.Label)).Select(m => m.Label!).Distinct(StringComparer.Ordinal).ToList();
        if (labels.Count < 2)
        {
            return null;
        }

        var listing = string.Join(", ", members.Select(m => $"#{m.Id} '{m.Label}'"));
        return new Decision(Rules.LabelConflict, DecisionOutcome.Rejected,
            $"the same person is listed with different labels ({listing}); set the right label with 'forge review --label <id> <label> --reason …' (or keep one listing with 'forge review --accept <id>')");
    }

    /// <summary>
    /// How a reviewer settled a group's label conflict: the listing they labelled (all their labels in the group agreeing),
    /// else the one listing they accepted; its label is the person's. Null when no review settles it.
    /// </summary>
    private static (PersonFacts? Keeper, Decision? Resolved) Resolution(List<PersonFacts> members, Decision conflict)
    {
        var labelled = members.Where(m => m.ReviewLabel is not null).ToList();
        var accepted = members.Where(m => m.ReviewAccepted).ToList();
        var keeper = labelled.Select(m => m.ReviewLabel).Distinct(StringComparer.Ordinal).Count() == 1 ? labelled[0]
            : labelled.Count == 0 && accepted.Count == 1 ? accepted[0]
            : null;
        if (keeper is null)
        {
            return (null, null);
        }

        var how = keeper.ReviewLabel is { } label ? $"#{keeper.Id} labelled '{label}'" : $"#{keeper.Id} accepted with its label '{keeper.Label}'";
        return (keeper, new Decision(Rules.LabelConflict, DecisionOutcome.Kept, $"resolved by review: {how}; {conflict.Reason}"));
    }

    /// <summary>
    /// Adds a group's label-conflict decision to a member's: one decision per rule, so where the member already has one (its
    /// own source's conflict, resolved) the group's outcome decides and both reasons stay.
    /// </summary>
    private static void AddConflict(List<Decision> list, Decision conflict)
    {
        var index = list.FindIndex(d => d.Rule == Rules.LabelConflict);
        if (index < 0)
        {
            list.Add(conflict);
            return;
        }

        list[index] = conflict with { Reason = $"{conflict.Reason}; and {list[index].Reason}" };
    }

    /// <summary>
    /// The decision about a person their own source lists with different labels: rejected until a reviewer sets the label
    /// or accepts them, then kept (resolved), with scrape's evidence either way.
    /// </summary>
    private static Decision ListingConflictDecision(PersonFacts person, string evidence) =>
        person.ReviewLabel is { } label
            ? new Decision(Rules.LabelConflict, DecisionOutcome.Kept, $"resolved by review: labelled '{label}'; {evidence}")
            : person.ReviewAccepted
                ? new Decision(Rules.LabelConflict, DecisionOutcome.Kept, $"resolved by review: accepted with the label '{person.Label}'; {evidence}")
                : new Decision(Rules.LabelConflict, DecisionOutcome.Rejected,
                    $"{evidence}; set the right label with 'forge review --label {person.Id} <label> --reason …'");

    private static Decision DuplicateDecision(PersonFacts first, PersonFacts other, IReadOnlyDictionary<int, PhotoFacts> photos)
    {
        if (first.PhotoId == other.PhotoId)
        {
            return new Decision(Rules.Duplicate, DecisionOutcome.Rejected, $"duplicate of person #{first.Id} (same photo)", 0);
        }

        var a = first.PhotoId is { } fa ? photos.GetValueOrDefault(fa) : null;
        var b = other.PhotoId is { } ob ? photos.GetValueOrDefault(ob) : null;
        if (a?.PerceptualHash is { } ca && b?.PerceptualHash is { } cb && a.ImagePerceptualHash is { } ia && b.ImagePerceptualHash is { } ib)
        {
            var crop = PerceptualHash.Distance(ca, cb);
            var image = PerceptualHash.Distance(ia, ib);
            return new Decision(Rules.Duplicate, DecisionOutcome.Rejected,
                $"duplicate of person #{first.Id} (pHash distance {crop} on the face crop, {image} on the whole photo)", Math.Min(crop, image));
        }

        return new Decision(Rules.Duplicate, DecisionOutcome.Rejected, $"duplicate of person #{first.Id} (the same profile page)");
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
