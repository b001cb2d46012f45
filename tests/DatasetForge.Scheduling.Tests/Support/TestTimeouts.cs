namespace DatasetForge.Scheduling.Tests.Support;

/// <summary>Upper bounds for waits on the scheduler; a passing test returns long before them.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    public static CancellationToken Token() => new CancellationTokenSource(Generous).Token;
}
