namespace DatasetForge.Training.Tests.Support;

/// <summary>Tests that run TorchSharp share one collection, so that they do not fight over the two cores.</summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
