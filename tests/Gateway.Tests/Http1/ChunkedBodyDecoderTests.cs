using System.Text;
using Switchyard.Gateway.Http1;
using Switchyard.Gateway.Pipeline;

namespace Switchyard.Gateway.Tests.Http1;

/// <summary>Chunked bodies decoded from bytes as they arrive, in pieces of any size.</summary>
public sealed class ChunkedBodyDecoderTests
{
    private const string Payload = "{\"messages\":[{\"role\":\"user\",\"content\":\"hello, chunked world\"}],\"stream\":false}";

    private static readonly string _encoded =
        "10;name=value\r\n" + Payload[..16] + "\r\n" +
        "A\r\n" + Payload[16..26] + "\r\n" +
        $"{Payload.Length - 26:x}  ;ext\r\n" + Payload[26..] + "\r\n" +
        "0\r\nx-trailer: one\r\nx-other: two\r\n\r\n";

    [Fact]
    public void WholeBody_AtOnce_IsThePayload()
    {
        var (decoded, consumed, done) = Decode([Encoding.ASCII.GetBytes(_encoded)], destinationSize: 4096);

        decoded.Should().Be(Payload);
        consumed.Should().Be(_encoded.Length);
        done.Should().BeTrue();
    }

    [Fact]
    public void ByteByByte_IntoSmallBuffers_IsThePayload()
    {
        var bytes = Encoding.ASCII.GetBytes(_encoded);
        var pieces = bytes.Select(b => new[] { b }).ToList();

        var (decoded, consumed, done) = Decode(pieces, destinationSize: 3);

        decoded.Should().Be(Payload);
        consumed.Should().Be(bytes.Length);
        done.Should().BeTrue();
    }

    [Fact]
    public void RandomSplits_AreThePayload()
    {
        var random = new Random(42);
        var bytes = Encoding.ASCII.GetBytes(_encoded);
        for (var run = 0; run < 200; run++)
        {
            var pieces = new List<byte[]>();
            for (var at = 0; at < bytes.Length;)
            {
                var length = Math.Min(random.Next(1, 20), bytes.Length - at);
                pieces.Add(bytes[at..(at + length)]);
                at += length;
            }

            var (decoded, _, done) = Decode(pieces, destinationSize: random.Next(1, 64));

            decoded.Should().Be(Payload, $"run {run}");
            done.Should().BeTrue();
        }
    }

    [Fact]
    public void TheNextRequestsBytes_AreLeftAlone()
    {
        var bytes = Encoding.ASCII.GetBytes(_encoded + "GET /health/live HTTP/1.1\r\n");

        var (decoded, consumed, done) = Decode([bytes], destinationSize: 4096);

        decoded.Should().Be(Payload);
        done.Should().BeTrue();
        consumed.Should().Be(_encoded.Length, "the decoder stops at the end of the body");
    }

    [Theory]
    [InlineData("zz\r\nabc\r\n0\r\n\r\n")]
    [InlineData(";ext\r\nabc\r\n0\r\n\r\n")]
    [InlineData("3\r\nabcX\r\n0\r\n\r\n")]
    [InlineData("1000000000000000\r\n")]
    [InlineData("3 x\r\nabc\r\n0\r\n\r\n")]
    public void MalformedFraming_Is400(string encoded)
    {
        var decoder = new ChunkedBodyDecoder();
        var destination = new byte[64];

        var act = () => decoder.Decode(Encoding.ASCII.GetBytes(encoded), destination, out _);

        act.Should().Throw<ClientBodyException>().Which.StatusCode.Should().Be(400);
    }

    [Fact]
    public void EndlessSizeLine_Is400_BeforeItEnds()
    {
        var decoder = new ChunkedBodyDecoder();

        var act = () => decoder.Decode(Encoding.ASCII.GetBytes("5;" + new string('e', 5000)), new byte[64], out _);

        act.Should().Throw<ClientBodyException>().Which.StatusCode.Should().Be(400);
    }

    /// <summary>Feeds the pieces as a connection would: unconsumed bytes stay in front of the next piece.</summary>
    private static (string Decoded, int Consumed, bool Done) Decode(IEnumerable<byte[]> pieces, int destinationSize)
    {
        var decoder = new ChunkedBodyDecoder();
        var output = new List<byte>();
        var pending = new List<byte>();
        var consumedTotal = 0;
        var destination = new byte[destinationSize];
        foreach (var piece in pieces)
        {
            pending.AddRange(piece);
            while (!decoder.IsDone)
            {
                var written = decoder.Decode(pending.ToArray(), destination, out var consumed);
                pending.RemoveRange(0, consumed);
                consumedTotal += consumed;
                output.AddRange(destination.AsSpan(0, written).ToArray());
                if (written == 0)
                {
                    break;
                }
            }
        }

        return (Encoding.ASCII.GetString(output.ToArray()), consumedTotal, decoder.IsDone);
    }
}
