namespace DatasetForge.Curation.Review;

/// <summary>What a takedown removed and what it could not touch.</summary>
/// <param name="ForgottenPersons">Persons whose rows were deleted.</param>
/// <param name="PersonsWithoutPhoto">Other persons that used the forgotten photo; they stay, without a photo.</param>
/// <param name="DeletedFiles">Blobs and crops deleted, relative to the dataset folder.</param>
/// <param name="Versions">Immutable versions cut earlier that still hold a copy of the crop.</param>
/// <param name="GroupMates">Persons in the same duplicate group (possibly the same person on another page); not forgotten.</param>
public sealed record ForgetResult(
    IReadOnlyList<int> ForgottenPersons,
    IReadOnlyList<int> PersonsWithoutPhoto,
    IReadOnlyList<string> DeletedFiles,
    IReadOnlyList<string> Versions,
    IReadOnlyList<int> GroupMates);
