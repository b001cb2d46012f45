using System.Globalization;

namespace DatasetForge.Core.Versions;

/// <summary>
/// Reads <c>folds.csv</c> (<c>id,fold</c>) of a version folder: the cross-validation fold of each item. Export writes
/// it when asked for folds; the trainer reads it for k-fold cross-validation.
/// </summary>
public static class VersionFolds
{
    /// <summary>The file name inside a version folder.</summary>
    public const string FileName = "folds.csv";

    /// <summary>
    /// The folds by item id, or null when the version has no folds. Throws <see cref="InvalidDataException"/> naming
    /// the file and line of a malformed row.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>?> ReadAsync(string versionFolder, CancellationToken cancellationToken = default)
    {
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
                throw new InvalidDataException($"{path}:{number}: expected 'id,fold', found '{line}'.");
            }

            folds[line[..comma]] = fold;
        }

        return folds;
    }

    /// <summary>The number of folds: one more than the highest fold.</summary>
    public static int Count(IReadOnlyDictionary<string, int>? folds) => folds is null || folds.Count == 0 ? 0 : folds.Values.Max() + 1;
}
