namespace DatasetForge.Scraping.Fetching;

/// <summary>
/// The adaptive delay of one host, as Scrapy's AutoThrottle computes it: after each answer the delay moves halfway towards
/// the server's latency divided by the target concurrency (never faster after an error answer), doubles on 5xx, timeouts
/// and connection errors, and on 429 / 503 jumps to at least the server's Retry-After; always within the source's
/// minimum delay (its <c>delaySeconds</c>, or a longer robots.txt Crawl-delay) and its maximum (<c>maxDelaySeconds</c>).
/// </summary>
internal sealed class HostThrottle
{
    private readonly Lock _lock = new();
    private readonly double _targetConcurrency;
    private TimeSpan _delay;
    private bool _started;

    public HostThrottle(double targetConcurrency) => _targetConcurrency = targetConcurrency;

    /// <summary>The delay to keep before the next request, within <paramref name="min"/> and <paramref name="max"/>.</summary>
    public TimeSpan Delay(TimeSpan min, TimeSpan max)
    {
        lock (_lock)
        {
            if (!_started)
            {
                _delay = min;
                _started = true;
            }

            _delay = Clamp(_delay, min, max);
            return _delay;
        }
    }

    /// <summary>The largest delay this host has been given so far.</summary>
    public TimeSpan Highest { get; private set; }

    /// <summary>Takes one answer into account: its latency, its status (null for a timeout or connection error) and its Retry-After.</summary>
    public void Observe(TimeSpan latency, int? status, TimeSpan? retryAfter, TimeSpan min, TimeSpan max)
    {
        lock (_lock)
        {
            if (!_started)
            {
                _delay = min;
                _started = true;
            }

            TimeSpan next;
            if (status is 429 or 503)
            {
                // Told to slow down: at least the Retry-After, and at least twice what we did.
                next = Max(Max(_delay * 2, retryAfter ?? TimeSpan.Zero), TimeSpan.FromSeconds(1));
            }
            else if (status is null or >= 500)
            {
                next = Max(_delay * 2, TimeSpan.FromSeconds(1));
            }
            else
            {
                var target = latency / _targetConcurrency;
                next = Max(target, (_delay + target) / 2);
                var ok = status is >= 200 and < 400;
                if (!ok && next < _delay)
                {
                    // An error answer is fast to give: it is no reason to go faster.
                    next = _delay;
                }
            }

            _delay = Clamp(next, min, max);
            if (_delay > Highest)
            {
                Highest = _delay;
            }
        }
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? (max < min ? min : max) : value;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
