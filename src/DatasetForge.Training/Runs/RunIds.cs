using DatasetForge.Core.Workspace;

namespace DatasetForge.Training.Runs;

/// <summary>Run ids: UTC start time plus a short hash of what the run trains, e.g. <c>20261123-130943-1a2b3c4d</c>.</summary>
public static class RunIds
{
    /// <summary>
    /// The start of a cross-validation fold's run id, <c>cv-&lt;version&gt;-&lt;model&gt;-k&lt;k&gt;/fold-&lt;i&gt;</c>: a fold run is
    /// an ordinary run for evaluate, ensembles and predict, but it is never the version's run of the model (it trained on
    /// part of the data), so the train stage and the default run choice pass it by.
    /// </summary>
    public const string CrossValidationPrefix = "cv-";

    /// <summary>Whether <paramref name="runId"/> names a cross-validation fold's run.</summary>
    public static bool IsFold(string runId) => runId.StartsWith(CrossValidationPrefix, StringComparison.Ordinal);

    public static string Create(DateTimeOffset startedAt, string versionId, string model, string salt)
    {
        var hash = ContentHash.OfText($"{versionId}\n{model}\n{startedAt.UtcTicks}\n{salt}");
        return $"{startedAt.UtcDateTime:yyyyMMdd-HHmmss}-{hash[..8]}";
    }
}
