using System.Security.Cryptography;

namespace DatasetForge.Core.Workspace;

/// <summary>sha256 content hashes as lower-case hex, the identity of every stored blob.</summary>
public static class ContentHash
{
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Convert.ToHexStringLower(hash);
    }

    public static string OfText(string text) => Of(System.Text.Encoding.UTF8.GetBytes(text));

    public static bool IsValid(string? value) =>
        value is { Length: 64 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static void EnsureValid(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"'{value}' is not a lower-case sha256 hex string.", nameof(value));
        }
    }
}
