using DatasetForge.Core.Workspace;

namespace DatasetForge.Training.Runs;

/// <summary>Run ids: UTC start time plus a short hash of what the run trains, e.g. <c>20261123-130943-1a2b3c4d</c>.</summary>
public static class RunIds
{
    public static string Create(DateTimeOffset startedAt, string versionId, string model, string salt)
    {
        var hash = ContentHash.OfText($"{versionId}\n{model}\n{startedAt.UtcTicks}\n{salt}");
        return $"{startedAt.UtcDateTime:yyyyMMdd-HHmmss}-{hash[..8]}";
    }
}
