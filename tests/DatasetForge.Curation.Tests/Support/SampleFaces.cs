using DatasetForge.Curation.Detection;
using OpenCvSharp;

namespace DatasetForge.Curation.Tests.Support;

/// <summary>Cuts test material out of the sample photos: portraits of one face and patches without any.</summary>
public static class SampleFaces
{
    /// <summary>
    /// A portrait of one face of a sample: a square <paramref name="margin"/> times the face box, centred on it and
    /// kept inside the photo. Faces are ordered left to right.
    /// </summary>
    public static Mat Portrait(Mat sample, IReadOnlyList<FaceDetection> faces, int index, double margin = 2.2)
    {
        var face = faces.OrderBy(f => f.Box.X).ElementAt(index);
        var side = (int)Math.Min(Math.Min(sample.Width, sample.Height), Math.Max(face.Box.Width, face.Box.Height) * margin);
        var x = (int)Math.Clamp(face.Box.X + (face.Box.Width / 2) - (side / 2), 0, sample.Width - side);
        var y = (int)Math.Clamp(face.Box.Y + (face.Box.Height / 2) - (side / 2), 0, sample.Height - side);
        return new Mat(sample, new Rect(x, y, side, side)).Clone();
    }

    /// <summary>A square patch of the photo far from every face (the largest corner that overlaps none).</summary>
    public static Mat Background(Mat sample, IReadOnlyList<FaceDetection> faces, int side = 360)
    {
        var corners = new[]
        {
            new Rect(0, sample.Height - side, side, side),
            new Rect(sample.Width - side, sample.Height - side, side, side),
            new Rect(0, 0, side, side),
            new Rect(sample.Width - side, 0, side, side),
        };
        var clear = corners.First(c => faces.All(f => !Overlaps(c, f.Box)));
        return new Mat(sample, clear).Clone();
    }

    public static byte[] Jpeg(Mat image, int quality = 92) =>
        image.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, quality));

    private static bool Overlaps(Rect area, Rect2f face) =>
        face.X - face.Width < area.Right && face.Right + face.Width > area.X
        && face.Y - face.Height < area.Bottom && face.Bottom + face.Height > area.Y;
}
