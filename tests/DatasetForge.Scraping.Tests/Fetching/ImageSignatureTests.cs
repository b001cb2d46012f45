using System.Text;
using DatasetForge.Core.Images;

namespace DatasetForge.Scraping.Tests.Fetching;

public sealed class ImageSignatureTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "image/jpeg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, "image/png")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "image/gif")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, "image/webp")]
    public void Detect_KnownImageHeader_NamesTheType(byte[] header, string expected) =>
        ImageSignature.Detect(header).ShouldBe(expected);

    [Fact]
    public void Detect_HtmlServedAsPhoto_IsNotAnImage() =>
        ImageSignature.Detect(Encoding.UTF8.GetBytes("<!DOCTYPE html><html>")).ShouldBeNull();
}
