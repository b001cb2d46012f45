using DatasetForge.Core.Definitions;

namespace DatasetForge.Scheduling;

/// <summary>One dataset the scheduler runs, with its Quartz cron expression (seconds first, for example <c>0 0 3 * * ?</c>).</summary>
public sealed record ScheduledDataset(string Name, string Cron)
{
    /// <summary>The datasets among <paramref name="definitions"/> that have a <see cref="DatasetDefinition.Schedule"/>; the rest are left out.</summary>
    public static IReadOnlyList<ScheduledDataset> FromDefinitions(IEnumerable<DatasetDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        return definitions
            .Where(definition => !string.IsNullOrWhiteSpace(definition.Schedule))
            .Select(definition => new ScheduledDataset(definition.Name, definition.Schedule!.Trim()))
            .ToList();
    }
}
