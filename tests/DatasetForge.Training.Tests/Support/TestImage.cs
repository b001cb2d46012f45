namespace DatasetForge.Training.Tests.Support;

/// <summary>One image of a <see cref="TestVersion"/>: its encoded bytes (PNG), label, group and split, and facets.</summary>
public sealed record TestImage(string Label, byte[] Bytes, int Group, string Split, IReadOnlyDictionary<string, string>? Facets = null);
