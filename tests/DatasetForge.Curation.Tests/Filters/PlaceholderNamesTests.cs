using DatasetForge.Curation.Filters;

namespace DatasetForge.Curation.Tests.Filters;

public sealed class PlaceholderNamesTests
{
    [Theory]
    [InlineData("https://uni.example/fileadmin/img/avatar.png", "avatar")]
    [InlineData("https://uni.example/img/Default-User.JPG?w=200", "default")]
    [InlineData("https://uni.example/img/silhouette_female.gif", "silhouette")]
    [InlineData("https://uni.example/img/person%20placeholder.jpg", "placeholder")]
    [InlineData("https://uni.example/img/dummy.jpg", "dummy")]
    [InlineData("/team/no-photo.png", "no-photo")]
    public void Match_PlaceholderFileName_NamesTheWord(string url, string word)
    {
        PlaceholderNames.Match(url).ShouldBe(word);
    }

    [Theory]
    [InlineData("https://uni.example/sites/default/files/staff/mueller.jpg")]
    [InlineData("https://uni.example/avatar/mueller.jpg")]
    [InlineData(null)]
    [InlineData("")]
    public void Match_OrdinaryPhoto_IsNull(string? url)
    {
        PlaceholderNames.Match(url).ShouldBeNull();
    }
}
