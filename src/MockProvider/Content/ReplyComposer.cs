namespace Switchyard.MockProvider.Content;

/// <summary>
/// Builds the assistant's reply: a sentence naming the mock and the model, split into a given number of pieces.
/// The pieces concatenate to exactly the non-streamed content, so a stream and a plain answer agree.
/// </summary>
internal static class ReplyComposer
{
    private static readonly string[] _filler = ["lorem", "ipsum", "dolor", "sit", "amet"];

    public static string[] Compose(string name, string model, int pieces)
    {
        var words = new List<string>($"Hello from mock provider '{name}' serving model '{model}'.".Split(' '));
        for (var i = 0; words.Count < pieces; i++)
        {
            words.Add(_filler[i % _filler.Length]);
        }

        var result = new string[pieces];
        for (var piece = 0; piece < pieces; piece++)
        {
            var from = piece * words.Count / pieces;
            var to = (piece + 1) * words.Count / pieces;
            var text = string.Join(' ', words.GetRange(from, to - from));
            result[piece] = piece == 0 ? text : " " + text;
        }

        return result;
    }
}
