namespace DatasetForge.Catalogue;

/// <summary>The catalogue's server cannot be reached, or refused the connection; the message names the server, never the password.</summary>
public sealed class CatalogueUnavailableException : Exception
{
    public CatalogueUnavailableException()
    {
    }

    public CatalogueUnavailableException(string message)
        : base(message)
    {
    }

    public CatalogueUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
