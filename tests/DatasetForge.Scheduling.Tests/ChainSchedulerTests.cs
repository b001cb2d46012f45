using DatasetForge.Scheduling.Tests.Support;

namespace DatasetForge.Scheduling.Tests;

public sealed class ChainSchedulerTests
{
    // A cron that does not fire during a test: 03:00 on 1 January.
    private const string RarelyCron = "0 0 3 1 1 ?";

    private static readonly ScheduleOptions Utc = new() { TimeZone = TimeZoneInfo.Utc };

    [Fact]
    public async Task TriggerNowAsync_runs_the_chain_and_WaitForIdleAsync_returns_after_it()
    {
        var finished = false;
        var runner = new RecordingChainRunner(async (_, _, token) =>
        {
            await Task.Yield();
            finished = true;
        });
        await using var scheduler = await ChainScheduler.StartAsync([new ScheduledDataset("faces", RarelyCron)], runner, Utc);

        await scheduler.TriggerNowAsync("faces");
        await scheduler.WaitForIdleAsync(TestTimeouts.Token());

        finished.ShouldBeTrue();
        runner.Runs.ShouldBe(["faces"]);
    }

    [Fact]
    public async Task WaitForIdleAsync_with_nothing_requested_returns_at_once()
    {
        await using var scheduler = await ChainScheduler.StartAsync([new ScheduledDataset("faces", RarelyCron)], new RecordingChainRunner(), Utc);

        await scheduler.WaitForIdleAsync(TestTimeouts.Token());
    }

    [Fact]
    public async Task TriggerNowAsync_while_the_chain_runs_never_runs_the_same_dataset_twice_at_once()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new RecordingChainRunner((_, index, token) => index == 1 ? release.Task.WaitAsync(token) : Task.Delay(10, token));
        var options = new ScheduleOptions { TimeZone = TimeZoneInfo.Utc, MaxConcurrentChains = 4 };
        await using var scheduler = await ChainScheduler.StartAsync([new ScheduledDataset("faces", RarelyCron)], runner, options);

        await scheduler.TriggerNowAsync("faces");
        await runner.FirstRun.WaitAsync(TestTimeouts.Generous);
        await scheduler.TriggerNowAsync("faces");
        await scheduler.TriggerNowAsync("faces");
        release.SetResult();
        await scheduler.WaitForIdleAsync(TestTimeouts.Token());

        runner.MaxConcurrency.ShouldBe(1);
        runner.Completed.ShouldBe(3);
    }

    [Fact]
    public async Task Different_datasets_run_side_by_side_up_to_MaxConcurrentChains()
    {
        var bothRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new RecordingChainRunner(async (_, index, token) =>
        {
            if (index == 2)
            {
                bothRunning.SetResult();
            }

            await bothRunning.Task.WaitAsync(token);
        });
        var options = new ScheduleOptions { TimeZone = TimeZoneInfo.Utc, MaxConcurrentChains = 2 };
        await using var scheduler = await ChainScheduler.StartAsync(
            [new ScheduledDataset("faces", RarelyCron), new ScheduledDataset("majors", RarelyCron)], runner, options);

        await scheduler.TriggerNowAsync("faces");
        await scheduler.TriggerNowAsync("majors");
        await scheduler.WaitForIdleAsync(TestTimeouts.Token());

        runner.MaxConcurrency.ShouldBe(2);
        runner.Runs.ShouldBe(["faces", "majors"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_cron_trigger_fires_the_chain()
    {
        var runner = new RecordingChainRunner();
        await using var scheduler = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0/1 * * * * ?")], runner, Utc);

        await runner.FirstRun.WaitAsync(TestTimeouts.Generous);

        runner.Runs.ShouldContain("faces");
    }

    [Fact]
    public async Task An_invalid_cron_is_rejected_with_an_ArgumentException_naming_the_dataset_and_the_expression()
    {
        var exception = await Should.ThrowAsync<ArgumentException>(() => ChainScheduler.StartAsync(
            [new ScheduledDataset("faces", RarelyCron), new ScheduledDataset("majors", "every day at noon")], new RecordingChainRunner(), Utc));

        exception.Message.ShouldContain("'majors'");
        exception.Message.ShouldContain("'every day at noon'");
    }

    [Fact]
    public async Task A_five_field_unix_cron_is_rejected_before_anything_is_scheduled()
    {
        var runner = new RecordingChainRunner();

        var exception = await Should.ThrowAsync<ArgumentException>(() => ChainScheduler.StartAsync([new ScheduledDataset("faces", "* * * * *")], runner, Utc));

        exception.Message.ShouldContain("'faces'");
        runner.Started.ShouldBe(0);
    }

    [Fact]
    public async Task A_cron_that_never_fires_again_is_rejected()
    {
        var exception = await Should.ThrowAsync<ArgumentException>(() => ChainScheduler.StartAsync(
            [new ScheduledDataset("faces", "0 0 3 1 1 ? 2001")], new RecordingChainRunner(), Utc));

        exception.Message.ShouldContain("'faces'");
        exception.Message.ShouldContain("never fires");
    }

    [Fact]
    public async Task A_dataset_scheduled_twice_is_rejected()
    {
        var exception = await Should.ThrowAsync<ArgumentException>(() => ChainScheduler.StartAsync(
            [new ScheduledDataset("faces", RarelyCron), new ScheduledDataset("faces", RarelyCron)], new RecordingChainRunner(), Utc));

        exception.Message.ShouldContain("'faces'");
    }

    [Fact]
    public async Task A_throwing_chain_does_not_stop_the_scheduler()
    {
        var runner = new RecordingChainRunner((_, index, _) =>
            index == 1 ? Task.FromException(new InvalidOperationException("scrape failed")) : Task.CompletedTask);
        await using var scheduler = await ChainScheduler.StartAsync([new ScheduledDataset("faces", RarelyCron)], runner, Utc);

        await scheduler.TriggerNowAsync("faces");
        await scheduler.WaitForIdleAsync(TestTimeouts.Token());
        await scheduler.TriggerNowAsync("faces");
        await scheduler.WaitForIdleAsync(TestTimeouts.Token());

        runner.Started.ShouldBe(2);
        runner.Completed.ShouldBe(1);
        (await scheduler.GetNextFireTimeAsync("faces")).ShouldNotBeNull();
    }

    [Fact]
    public async Task StopAsync_without_waiting_cancels_the_running_chain()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new RecordingChainRunner(async (_, _, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
                throw;
            }
        });
        await using var scheduler = await ChainScheduler.StartAsync([new ScheduledDataset("faces", RarelyCron)], runner, Utc);
        await scheduler.TriggerNowAsync("faces");
        await runner.FirstRun.WaitAsync(TestTimeouts.Generous);

        await scheduler.StopAsync(waitForRunningChains: false, TestTimeouts.Token());

        await cancelled.Task.WaitAsync(TestTimeouts.Generous);
        runner.Completed.ShouldBe(0);
    }

    [Fact]
    public async Task StopAsync_waiting_lets_the_running_chain_finish_with_its_token_untouched()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokenCancelled = true;
        var runner = new RecordingChainRunner(async (_, _, token) =>
        {
            await release.Task;
            tokenCancelled = token.IsCancellationRequested;
        });
        await using var scheduler = await ChainScheduler.StartAsync([new ScheduledDataset("faces", RarelyCron)], runner, Utc);
        await scheduler.TriggerNowAsync("faces");
        await runner.FirstRun.WaitAsync(TestTimeouts.Generous);

        var stop = scheduler.StopAsync(waitForRunningChains: true, TestTimeouts.Token());
        release.SetResult();
        await stop;

        runner.Completed.ShouldBe(1);
        tokenCancelled.ShouldBeFalse();
    }

    [Fact]
    public async Task After_StopAsync_TriggerNowAsync_refuses_and_WaitForIdleAsync_returns()
    {
        var scheduler = await ChainScheduler.StartAsync([new ScheduledDataset("faces", RarelyCron)], new RecordingChainRunner(), Utc);
        await using (scheduler)
        {
            await scheduler.StopAsync();

            await Should.ThrowAsync<InvalidOperationException>(() => scheduler.TriggerNowAsync("faces"));
            await scheduler.WaitForIdleAsync(TestTimeouts.Token());
        }
    }

    [Fact]
    public async Task GetNextFireTimeAsync_returns_the_crons_next_time()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var scheduler = await ChainScheduler.StartAsync(
            [new ScheduledDataset("faces", "0 30 4 * * ?")], new RecordingChainRunner(), Utc, timeProvider: new FixedTimeProvider(now));

        var next = await scheduler.GetNextFireTimeAsync("faces");

        next.ShouldBe(new DateTimeOffset(2030, 1, 1, 4, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Cron_expressions_are_read_in_the_configured_time_zone()
    {
        var now = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var zone = TimeZoneInfo.CreateCustomTimeZone("UTC+02", TimeSpan.FromHours(2), "UTC+02", "UTC+02");
        var options = new ScheduleOptions { TimeZone = zone };
        await using var scheduler = await ChainScheduler.StartAsync(
            [new ScheduledDataset("faces", "0 30 4 * * ?")], new RecordingChainRunner(), options, timeProvider: new FixedTimeProvider(now));

        var next = await scheduler.GetNextFireTimeAsync("faces");

        next.ShouldBe(new DateTimeOffset(2030, 1, 1, 2, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task An_unknown_dataset_is_an_ArgumentException()
    {
        await using var scheduler = await ChainScheduler.StartAsync([new ScheduledDataset("faces", RarelyCron)], new RecordingChainRunner(), Utc);

        (await Should.ThrowAsync<ArgumentException>(() => scheduler.TriggerNowAsync("majors"))).Message.ShouldContain("'majors'");
        await Should.ThrowAsync<ArgumentException>(() => scheduler.GetNextFireTimeAsync("majors"));
    }
}
