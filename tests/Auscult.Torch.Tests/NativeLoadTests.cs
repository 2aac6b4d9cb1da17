using TorchSharp;

namespace Auscult.Torch.Tests;

public class NativeLoadTests
{
    [Fact]
    public void Tensor_Add_Works()
    {
        using var a = torch.ones(3);
        using var b = (a + a).sum();
        Assert.Equal(6f, b.item<float>());
    }
}
