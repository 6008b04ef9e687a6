package dev.nestedreft.onnx;

import dev.nestedreft.spi.rollout.Completion;
import dev.nestedreft.spi.rollout.FinishReason;
import dev.nestedreft.spi.rollout.SamplingParams;
import dev.nestedreft.spi.rollout.TokenSampler;
import java.util.Arrays;
import java.util.SplittableRandom;

/** One sequence being generated: its prompt, its own random stream, and what it has produced so far. */
final class Sequence {
  final long promptId;
  final int promptIndex;
  final int sampleIndex;
  final int[] prompt;
  private final SplittableRandom random;
  private int[] tokens;
  private float[] logprobs;
  private int length;
  private FinishReason finish;

  Sequence(long promptId, int promptIndex, int sampleIndex, int[] prompt, int capacity, long seed) {
    this.promptId = promptId;
    this.promptIndex = promptIndex;
    this.sampleIndex = sampleIndex;
    this.prompt = prompt;
    this.random = TokenSampler.streamFor(seed, promptId, sampleIndex);
    this.tokens = new int[capacity];
    this.logprobs = new float[capacity];
  }

  boolean finished() {
    return finish != null;
  }

  int generated() {
    return length;
  }

  /** The last token fed to the model: the last generated one, or the prompt's last. */
  int lastToken() {
    return length == 0 ? prompt[prompt.length - 1] : tokens[length - 1];
  }

  /** Total length so far: prompt plus generated tokens. */
  int totalLength() {
    return prompt.length + length;
  }

  int tokenAt(int position) {
    return position < prompt.length ? prompt[position] : tokens[position - prompt.length];
  }

  /** Draws the next token from {@code logits[offset .. offset + vocab)} and records it. */
  void draw(float[] logits, int offset, int vocab, SamplingParams params) {
    TokenSampler.Draw draw = TokenSampler.draw(logits, offset, vocab, params, random);
    tokens[length] = draw.token();
    logprobs[length] = (float) draw.logprob();
    length++;
    if (params.isStop(draw.token())) {
      finish = FinishReason.STOP;
    } else if (length >= params.maxNewTokens()) {
      finish = FinishReason.LENGTH;
    }
  }

  Completion toCompletion(int[] layerPlan, long policyVersion) {
    return new Completion(promptId, sampleIndex, prompt, Arrays.copyOf(tokens, length),
        Arrays.copyOf(logprobs, length), finish, layerPlan, policyVersion);
  }
}
