using System.Globalization;

namespace DatasetForge.Training.Data;

/// <summary>
/// Reads <c>folds.csv</c> (<c>id,fold</c>, header line) of a version folder, the cross-validation folds the export
/// writes when asked. The export has the same reader (<c>DatasetForge.Export.Versions.VersionFolds</c>); the trainer
/// keeps its own so that it depends on the version's files, not on the export library.
/// </summary>
public static class VersionFoldsFile
{
    /// <summary>The file name inside a version folder.</summary>
    public const string FileName = "folds.csv";

    /// <summary>
    /// The fold of each item id, or null when the version has no <c>folds.csv</c>. A malformed row is an
    /// <see cref="InvalidDataException"/> naming the file and line.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>?> ReadAsync(string versionFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(versionFolder);
        var path = Path.Combine(versionFolder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var folds = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
        {
            number++;
            if (number == 1 || line.Length == 0)
            {
                continue;
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0 || !int.TryParse(line.AsSpan(comma + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var fold))
            {
                throw new InvalidDataException($"{path}:{number}: expected 'id,fold' with a fold number, found '{line}'.");
            }

            folds[line[..comma]] = fold;
        }

        return folds;
    }
}
