using DatasetForge.Core.Definitions;
using DatasetForge.Core.Workspace;

namespace DatasetForge.Core.Pipeline;

/// <summary>What a stage runs against: the dataset definition, its folders, a progress sink and the clock.</summary>
public sealed record StageContext(
    DatasetDefinition Dataset,
    DatasetWorkspace Workspace,
    IProgress<StageProgress> Progress,
    TimeProvider Time)
{
    /// <summary>The current time from <see cref="Time"/> as a UTC <see cref="DateTime"/>, the catalogue's time type.</summary>
    public DateTime UtcNow => Time.GetUtcNow().UtcDateTime;

    /// <summary>A context that reports progress nowhere and uses the system clock.</summary>
    public static StageContext Create(DatasetDefinition dataset, DatasetWorkspace workspace) =>
        new(dataset, workspace, new Progress<StageProgress>(), TimeProvider.System);
}
