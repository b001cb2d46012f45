using System.Runtime.InteropServices;
using DatasetForge.Torch.Native;
using DatasetForge.Training.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace DatasetForge.Training.Tests.Native;

[Collection(TorchCollection.Name)]
public sealed class TorchNativeTests
{
    [Fact]
    public void EnsureLoaded_PatchesExactlyWhenTheSystemLibStdCxxLacksTheVersion()
    {
        var systemHasIt = TorchNative.SystemLibStdCxxHasRequiredVersion(out _);

        var state = TorchNative.EnsureLoaded();

        state.Patched.ShouldBe(systemHasIt == false, state.Reason);
        if (state.Patched)
        {
            File.Exists(state.WrapperPath).ShouldBeTrue();
            ElfVersions.ReadVersionNeeds(File.ReadAllBytes(state.WrapperPath!))
                .Single(n => n.Name == TorchNative.RequiredVersion).IsWeak.ShouldBeTrue();
        }
    }

    [Fact]
    public void OriginalWrapper_LoadsOnlyWhereTheSystemHasTheVersion()
    {
        // Proves the patch is what makes loading work here: the unpatched file, by full path, is refused on Debian 12.
        var systemHasIt = TorchNative.SystemLibStdCxxHasRequiredVersion(out _);
        TorchNative.EnsureLoaded();

        var loaded = NativeLibrary.TryLoad(TorchNative.FindWrapper()!, out _);

        loaded.ShouldBe(systemHasIt != false);
    }

    [Fact]
    public void EnsureLoaded_Twice_ReturnsTheFirstResult()
    {
        var first = TorchNative.EnsureLoaded();

        TorchNative.EnsureLoaded().ShouldBeSameAs(first);
    }

    [Fact]
    public void AfterEnsureLoaded_AConvNetTrains_LossFallsOverAdamSteps()
    {
        TorchNative.EnsureLoaded();
        torch.manual_seed(1);
        using var net = nn.Sequential(
            ("conv", nn.Conv2d(1, 8, 3, padding: 1)),
            ("relu", nn.ReLU()),
            ("pool", nn.MaxPool2d(2)),
            ("flatten", nn.Flatten()),
            ("linear", nn.Linear(8 * 4 * 4, 3)));
        using var optimizer = optim.Adam(net.parameters(), 0.01);
        using var input = torch.randn(12, 1, 8, 8);
        using var target = torch.tensor(Enumerable.Range(0, 12).Select(i => (long)(i % 3)).ToArray());
        var losses = new List<float>();

        for (var step = 0; step < 8; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(net.forward(input), target);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        losses[^1].ShouldBeLessThan(losses[0]);
        losses.ShouldAllBe(l => float.IsFinite(l));
    }
}
