namespace DatasetForge.Curation.Tests.Support;

/// <summary>Tests that share one <see cref="DetectorFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class DetectorCollection : ICollectionFixture<DetectorFixture>
{
    public const string Name = "BlazeFace";
}
