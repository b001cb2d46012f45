namespace DatasetForge.Scheduling.Tests;

public sealed class ScheduleOptionsTests
{
    [Fact]
    public void Defaults_are_one_minute_misfire_threshold_one_chain_at_a_time_and_an_in_memory_store()
    {
        var options = new ScheduleOptions();

        options.MisfireThreshold.ShouldBe(TimeSpan.FromMinutes(1));
        options.MaxConcurrentChains.ShouldBe(1);
        options.StoreFilePath.ShouldBeNull();
        options.SchedulerName.ShouldBe("DatasetForge");
        Should.NotThrow(options.Validate);
    }

    [Fact]
    public void Validate_rejects_settings_out_of_range()
    {
        Should.Throw<ArgumentOutOfRangeException>(new ScheduleOptions { MaxConcurrentChains = 0 }.Validate);
        Should.Throw<ArgumentOutOfRangeException>(new ScheduleOptions { MisfireThreshold = TimeSpan.Zero }.Validate);
        Should.Throw<ArgumentException>(new ScheduleOptions { SchedulerName = " " }.Validate);
        Should.Throw<ArgumentException>(new ScheduleOptions { StoreFilePath = "" }.Validate);
    }
}
