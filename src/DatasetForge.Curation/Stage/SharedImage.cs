namespace DatasetForge.Curation.Stage;

/// <summary>A photo shared by several persons: how many use it, and how many distinct names they have.</summary>
internal sealed record SharedImage(int Persons, int Names);
