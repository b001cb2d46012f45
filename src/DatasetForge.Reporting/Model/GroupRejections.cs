namespace DatasetForge.Reporting.Model;

/// <summary>Persons of one source or label rejected, by the rule that rejected them.</summary>
public sealed record GroupRejections(string Facet, string Key, IReadOnlyDictionary<string, int> ByRule);
