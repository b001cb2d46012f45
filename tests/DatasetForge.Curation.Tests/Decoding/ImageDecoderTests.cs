using DatasetForge.Curation.Decoding;
using DatasetForge.Curation.Tests.Support;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Decoding;

public sealed class ImageDecoderTests
{
    [Fact]
    public void Decode_SamplePhoto_GivesBgrPixels()
    {
        var bytes = File.ReadAllBytes(TestAssets.SamplePath(2));

        using var result = ImageDecoder.Decode(bytes, 40_000_000);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Format.ShouldBe(ImageHeader.Jpeg);
        result.Image!.Width.ShouldBe(1920);
        result.Image.Type().ShouldBe(MatType.CV_8UC3);
    }

    [Fact]
    public void Decode_OverThePixelLimit_IsRejectedFromTheHeader()
    {
        var bytes = File.ReadAllBytes(TestAssets.SamplePath(1));

        using var result = ImageDecoder.Decode(bytes, 1_000_000);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe("1920x1280 jpeg has 2,457,600 pixels, over the limit of 1,000,000");
    }

    [Fact]
    public void Decode_HeaderClaiming50Megapixels_IsRejectedWithoutDecoding()
    {
        // A JPEG start and a frame header of 8660x5773 with no pixel data behind it: only the header can be read.
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x16, 0x8D, 0x21, 0xD4, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01];

        using var result = ImageDecoder.Decode(bytes, 40_000_000);

        result.Error.ShouldBe("8660x5773 jpeg has 49,994,180 pixels, over the limit of 40,000,000");
        result.Width.ShouldBe(8660);
    }

    [Fact]
    public void Decode_TruncatedJpeg_SaysTruncated()
    {
        var bytes = File.ReadAllBytes(TestAssets.SamplePath(3));

        using var result = ImageDecoder.Decode(bytes[..(bytes.Length / 2)], 40_000_000);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldStartWith("the JPEG is truncated");
    }

    [Fact]
    public void Decode_TruncatedPng_SaysTruncated()
    {
        using var image = new Mat(64, 64, MatType.CV_8UC3, Scalar.All(90));
        var png = image.ImEncode(".png");

        using var result = ImageDecoder.Decode(png[..(png.Length - 20)], 40_000_000);

        result.Error.ShouldNotBeNull().ShouldStartWith("the PNG is truncated");
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Not found</body></html>", "an HTML page")]
    [InlineData("\n  <html><head><title>Login</title></head></html>", "an HTML page")]
    [InlineData("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>", "SVG")]
    [InlineData("{\"error\":\"forbidden\"}", "JSON")]
    public void Decode_TextServedAsPhoto_SaysWhatItIs(string text, string kind)
    {
        using var result = ImageDecoder.Decode(System.Text.Encoding.UTF8.GetBytes(text), 40_000_000);

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldNotBeNull().ShouldStartWith("not an image");
        result.Error.ShouldContain(kind);
    }

    [Fact]
    public void Decode_UnknownBinary_NamesTheFirstBytes()
    {
        using var result = ImageDecoder.Decode([0x00, 0x01, 0x02, 0x03, 0xAA, 0xBB], 40_000_000);

        result.Error.ShouldBe("not a recognised image format (JPEG, PNG, GIF, BMP, WebP); the file starts with 0x00010203AABB");
    }

    [Fact]
    public void Decode_Empty_SaysEmpty()
    {
        using var result = ImageDecoder.Decode([], 40_000_000);

        result.Error.ShouldBe("the file is empty");
    }

    [Theory]
    [InlineData(".png", "png")]
    [InlineData(".bmp", "bmp")]
    [InlineData(".jpg", "jpeg")]
    [InlineData(".webp", "webp")]
    public void Header_EncodedImage_GivesFormatAndSize(string extension, string format)
    {
        using var image = new Mat(48, 80, MatType.CV_8UC3, Scalar.All(120));

        var header = ImageHeader.Read(image.ImEncode(extension));

        header.ShouldBe(new ImageHeader(format, 80, 48));
    }
}
