namespace DatasetForge.FaceModels.Analysis;

/// <summary>A rectangle in photo pixels (x and y of the top-left corner, width, height).</summary>
public readonly record struct FaceRegion(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;

    public double Bottom => Y + Height;

    /// <summary>
    /// face-api's <c>Box.clipAtImageBorders</c>: the part inside a <paramref name="imageWidth"/> x
    /// <paramref name="imageHeight"/> image, every coordinate floored; empty (width or height &lt;= 0) when outside.
    /// </summary>
    public FaceRegion ClipAndFloor(int imageWidth, int imageHeight)
    {
        var x = Math.Max(X, 0);
        var y = Math.Max(Y, 0);
        var width = Math.Min(Right - x, imageWidth - x);
        var height = Math.Min(Bottom - y, imageHeight - y);
        return new FaceRegion(Math.Floor(x), Math.Floor(y), Math.Floor(width), Math.Floor(height));
    }

    /// <summary>Whether the region holds at least one pixel.</summary>
    public bool IsEmpty => Width < 1 || Height < 1;
}
