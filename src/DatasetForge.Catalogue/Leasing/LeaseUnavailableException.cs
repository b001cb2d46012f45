using DatasetForge.Catalogue.Entities;

namespace DatasetForge.Catalogue.Leasing;

/// <summary>Another process holds the lease (and the caller would not, or no longer, wait); the message names the holder.</summary>
public sealed class LeaseUnavailableException : Exception
{
    public LeaseUnavailableException()
    {
    }

    public LeaseUnavailableException(string message)
        : base(message)
    {
    }

    public LeaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LeaseUnavailableException(string message, LeaseRecord holder)
        : base(message) => Holder = holder;

    /// <summary>The lease as the holder wrote it.</summary>
    public LeaseRecord? Holder { get; }
}
