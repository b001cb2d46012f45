namespace DatasetForge.Catalogue.Leasing;

/// <summary>How long a lease lasts without renewal, how often its holder renews it, and how long a second process waits for it.</summary>
public sealed class LeaseOptions
{
    /// <summary>How long a lease stays valid after each renewal. The default value is 60 seconds.</summary>
    /// <remarks>Only a holder on another machine is judged by it: on this machine, whether the holder's process still runs decides.</remarks>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the holder renews its lease (must be shorter than <see cref="Duration"/>). The default value is 15 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a second process waits for a busy lease before it gives up with <see cref="LeaseUnavailableException"/>:
    /// <see cref="TimeSpan.Zero"/> does not wait (<c>--no-wait</c>). The default value is <see cref="Timeout.InfiniteTimeSpan"/>
    /// (wait until the holder is done, or Ctrl-C).
    /// </summary>
    public TimeSpan WaitTimeout { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How often a waiting process looks again whether the lease is free. The default value is 1 second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws when the options cannot work together; the message names the option.</summary>
    public void Validate()
    {
        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The lease duration must be positive, not {Duration}.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval >= Duration)
        {
            throw new ArgumentException($"The lease heartbeat interval must be positive and shorter than the lease duration ({Duration}), not {HeartbeatInterval}.");
        }

        if (WaitTimeout < TimeSpan.Zero && WaitTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"The lease wait timeout must be zero, positive or infinite, not {WaitTimeout}.");
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The lease poll interval must be positive, not {PollInterval}.");
        }
    }
}
