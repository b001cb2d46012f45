namespace DatasetForge.Manifests;

/// <summary>Manifests with mistakes: nothing runs until every listed error is fixed.</summary>
public sealed class ManifestException : Exception
{
    public ManifestException()
        : this([])
    {
    }

    public ManifestException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public ManifestException(IReadOnlyList<ManifestError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error found, in file and line order.</summary>
    public IReadOnlyList<ManifestError> Errors { get; }

    private static string Format(IReadOnlyList<ManifestError> errors) =>
        errors.Count switch
        {
            0 => "The manifests are invalid.",
            1 => "Invalid manifest: " + errors[0],
            _ => $"{errors.Count} manifest errors:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors),
        };
}
