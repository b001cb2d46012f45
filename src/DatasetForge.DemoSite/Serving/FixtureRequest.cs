namespace DatasetForge.DemoSite.Serving;

/// <summary>One request a <see cref="FixtureServer"/> answered: path and query, the status it gave, and the client's User-Agent.</summary>
public sealed record FixtureRequest(string PathAndQuery, int Status, string UserAgent);
