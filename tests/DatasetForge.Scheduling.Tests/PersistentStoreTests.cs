using DatasetForge.Scheduling.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DatasetForge.Scheduling.Tests;

public sealed class PersistentStoreTests : IDisposable
{
    private static readonly DateTimeOffset Midnight = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Ten seconds past midnight: a cron trigger started exactly on a slot would fire that slot too.
    private static readonly DateTimeOffset Start = Midnight.AddSeconds(10);

    private readonly string directory = Directory.CreateTempSubdirectory("forge-schedule-").FullName;

    private ScheduleOptions Options => new()
    {
        TimeZone = TimeZoneInfo.Utc,
        StoreFilePath = Path.Combine(directory, "state", "schedule.db"),
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task The_store_file_is_created_and_a_requested_run_works_on_it()
    {
        var runner = new RecordingChainRunner();
        await using (var scheduler = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 0 * * * ?")], runner, Options, timeProvider: new FixedTimeProvider(Start)))
        {
            await scheduler.TriggerNowAsync("faces");
            await scheduler.WaitForIdleAsync(TestTimeouts.Token());
            (await scheduler.GetNextFireTimeAsync("faces")).ShouldBe(Midnight.AddHours(1));
            await scheduler.StopAsync();
        }

        File.Exists(Options.StoreFilePath).ShouldBeTrue();
        runner.Completed.ShouldBe(1);
    }

    [Fact]
    public async Task Slots_missed_while_the_process_was_down_run_once_and_the_cron_resumes()
    {
        var firstRunner = new RecordingChainRunner();
        await using (var first = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 0 * * * ?")], firstRunner, Options, timeProvider: new FixedTimeProvider(Start)))
        {
            (await first.GetNextFireTimeAsync("faces")).ShouldBe(Midnight.AddHours(1));
            await first.StopAsync();
        }

        // Back at 05:30: the 01:00 to 05:00 slots were missed while down.
        var runner = new RecordingChainRunner();
        await using var second = await ChainScheduler.StartAsync(
            [new ScheduledDataset("faces", "0 0 * * * ?")], runner, Options, timeProvider: new FixedTimeProvider(Start.AddHours(5.5)));

        await runner.FirstRun.WaitAsync(TestTimeouts.Generous);
        (await second.GetNextFireTimeAsync("faces")).ShouldBe(Midnight.AddHours(6));
        await second.StopAsync(waitForRunningChains: true, TestTimeouts.Token());

        runner.Started.ShouldBe(1);
        firstRunner.Started.ShouldBe(0);
    }

    [Fact]
    public async Task A_changed_cron_replaces_the_stored_one_and_a_dataset_no_longer_listed_is_removed()
    {
        var clock = new FixedTimeProvider(Start);
        await using (var first = await ChainScheduler.StartAsync(
            [new ScheduledDataset("faces", "0 0 * * * ?"), new ScheduledDataset("majors", "0 0 * * * ?")], new RecordingChainRunner(), Options, timeProvider: clock))
        {
            await first.StopAsync();
        }

        await using (var second = await ChainScheduler.StartAsync([new ScheduledDataset("faces", "0 15 * * * ?")], new RecordingChainRunner(), Options, timeProvider: clock))
        {
            (await second.GetNextFireTimeAsync("faces")).ShouldBe(Midnight.AddMinutes(15));
            await second.StopAsync();
        }

        await using var third = await ChainScheduler.StartAsync(
            [new ScheduledDataset("faces", "0 15 * * * ?"), new ScheduledDataset("majors", "0 45 * * * ?")], new RecordingChainRunner(), Options, timeProvider: clock);
        (await third.GetNextFireTimeAsync("majors")).ShouldBe(Midnight.AddMinutes(45));
    }
}
