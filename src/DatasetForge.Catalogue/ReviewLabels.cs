using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DatasetForge.Catalogue.Entities;
using DatasetForge.Core.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace DatasetForge.Catalogue;

/// <summary>
/// A reviewer's label for an item (<c>forge review --label &lt;id&gt; &lt;label&gt;</c>): a decision of stage
/// <see cref="Stage"/> and rule <see cref="Rules.ReviewLabel"/> whose reason holds the label, as a JSON string, then the
/// reviewer's words (<c>label "econ": the econ page is the home department</c>). The item's own label column keeps what
/// the source lists (scrape rewrites it on every refresh); curate, export and report read the reviewer's label over it.
/// </summary>
public static class ReviewLabels
{
    /// <summary>The stage review decisions are stored under.</summary>
    public const string Stage = "review";

    private const string Prefix = "label ";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The decision reason that records <paramref name="label"/> with the reviewer's <paramref name="reason"/>.</summary>
    public static string Encode(string label, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        return $"{Prefix}{JsonSerializer.Serialize(label.Trim(), Json)}: {reason.Trim()}";
    }

    /// <summary>The label a review-label decision's reason holds; null when the reason is not in that form.</summary>
    public static string? Decode(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (!reason.StartsWith(Prefix + "\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(reason[Prefix.Length..]), isFinalBlock: false, state: default);
            return reader.Read() && reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } label ? label : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The reviewer's label of every relabelled item, by item id.</summary>
    public static async Task<Dictionary<int, string>> LoadAsync(CatalogueDbContext catalogue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var rows = await catalogue.Decisions.AsNoTracking()
            .Where(d => d.Stage == Stage && d.SubjectKind == SubjectKinds.Person && d.Rule == Rules.ReviewLabel)
            .Select(d => new { d.SubjectId, d.Reason })
            .ToListAsync(cancellationToken);
        var labels = new Dictionary<int, string>();
        foreach (var row in rows)
        {
            if (Decode(row.Reason) is { } label)
            {
                labels[row.SubjectId] = label;
            }
        }

        return labels;
    }
}
