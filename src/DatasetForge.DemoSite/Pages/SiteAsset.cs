namespace DatasetForge.DemoSite.Pages;

/// <summary>A response body with its content type.</summary>
internal sealed record SiteAsset(byte[] Body, string ContentType);
