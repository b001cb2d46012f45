namespace DatasetForge.Scheduling;

/// <summary>Counts chains running and runs requested but not yet started, so a caller can wait until none is left.</summary>
internal sealed class ChainActivity
{
    private readonly Lock gate = new();
    private readonly List<TaskCompletionSource> idleWaiters = [];
    private int queued;
    private int running;
    private bool released;

    /// <summary>A run was requested and will start when the dataset's previous run (if any) has ended.</summary>
    public void Requested()
    {
        lock (gate)
        {
            queued++;
        }
    }

    /// <summary>A requested run was never handed to the scheduler.</summary>
    public void RequestFailed()
    {
        lock (gate)
        {
            queued = Math.Max(0, queued - 1);
            SignalIfIdle();
        }
    }

    /// <summary>A chain started; a requested run stops being queued in the same step, so no waiter sees a gap.</summary>
    public void Started(bool requested)
    {
        lock (gate)
        {
            running++;
            if (requested && queued > 0)
            {
                queued--;
            }
        }
    }

    /// <summary>A chain ended, however it ended.</summary>
    public void Finished()
    {
        lock (gate)
        {
            running = Math.Max(0, running - 1);
            SignalIfIdle();
        }
    }

    /// <summary>The scheduler stopped: nothing queued will start any more, so every waiter is released.</summary>
    public void Release()
    {
        lock (gate)
        {
            released = true;
            queued = 0;
            CompleteWaiters();
        }
    }

    /// <summary>Completes when no chain is running and no requested run is waiting to start.</summary>
    public Task WaitForIdleAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (gate)
        {
            if (released || (queued == 0 && running == 0))
            {
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idleWaiters.Add(waiter);
        }

        return waiter.Task.WaitAsync(cancellationToken);
    }

    private void SignalIfIdle()
    {
        if (queued == 0 && running == 0)
        {
            CompleteWaiters();
        }
    }

    private void CompleteWaiters()
    {
        foreach (var waiter in idleWaiters)
        {
            waiter.TrySetResult();
        }

        idleWaiters.Clear();
    }
}
