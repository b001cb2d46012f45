using DatasetForge.Export.Layout;

namespace DatasetForge.Export.Tests.Layout;

public sealed class LabelFolderTests
{
    [Theory]
    [InlineData("cs")]
    [InlineData("mechanical-engineering")]
    [InlineData("German_linguistics.v2")]
    public void For_a_plain_label_is_the_label(string label) => LabelFolder.For(label).ShouldBe(label);

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../../etc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("Germanistik (Sprachwissenschaft)")]
    [InlineData("")]
    [InlineData("Ökonomie")]
    public void For_an_unsafe_label_is_a_single_safe_segment(string label)
    {
        var folder = LabelFolder.For(label);

        folder.ShouldNotBeNullOrEmpty();
        folder.ShouldNotStartWith(".");
        folder.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ShouldBeTrue(folder);
        Path.GetFullPath(Path.Combine("/base", folder)).ShouldStartWith("/base/");
    }

    [Fact]
    public void For_labels_that_sanitise_alike_keeps_them_apart() =>
        LabelFolder.For("a/b").ShouldNotBe(LabelFolder.For("a\\b"));

    [Fact]
    public void For_a_very_long_label_is_cut_to_64_characters() =>
        LabelFolder.For(new string('x', 300)).Length.ShouldBeLessThanOrEqualTo(64);
}
