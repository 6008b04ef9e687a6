package dev.nestedreft.api.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nestedreft.api.contract.TaskProblem;
import dev.nestedreft.spi.InvalidInputException;
import dev.nestedreft.spi.NestedReftException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a JSON Lines file into {@link TaskProblem}s, one per row, numbered 0, 1, ... among the rows loaded. The
 * prompt is the raw question text, the reference the final answer as a string, the solution a worked solution
 * ending in {@code #### answer} (just {@code #### answer} when the dataset has none).
 *
 * <ul>
 *   <li>{@link DatasetFormat#GSM8K}: {@code question}; {@code answer} ends in {@code #### n}, the reference is
 *       {@code n} with commas removed and the solution is the answer text as is.
 *   <li>{@link DatasetFormat#SVAMP}: the prompt is {@code Body + " " + Question}; {@code Answer} is a number,
 *       written without trailing zeros (12.0 gives "12").
 *   <li>{@link DatasetFormat#MATH}: {@code problem}; the reference is the content of the last balanced
 *       {@code \boxed{...}} of {@code solution}, nested braces kept; the solution gets a {@code #### reference}
 *       line appended.
 *   <li>{@link DatasetFormat#GENERIC}: the fields a {@link FieldMapping} names. A numeric answer is written as for
 *       SVAMP; a string answer gives the text after its last {@code ####}, else its last {@code \boxed{}}, else
 *       the whole trimmed string.
 * </ul>
 *
 * <p>Without a format or mapping, the format is detected from the fields of the first row that is a JSON object.
 * Blank lines are ignored and a UTF-8 byte order mark is tolerated. A bad row (not valid UTF-8, malformed JSON,
 * not an object, a missing, null, blank or wrong-typed field, no extractable answer) is reported as
 * {@code file:line: what was wrong} and, by the {@link OnBadRow} policy, stops the load or is skipped and counted
 * in the {@link LoadReport}. With a {@link PromptLimit}, a prompt longer than the limit is a bad row too. A load
 * that yields no problem fails. Instances are immutable.
 */
public final class JsonlLoader {
  private static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** Jackson's "(start marker at [Source: ...; line: 1, column: 1])", which says nothing about the file. */
  private static final String SOURCE_NOTE = "\\s*\\([^()]*\\[Source:[^\\]]*\\][^()]*\\)";

  private final DatasetFormat format;
  private final FieldMapping fields;
  private final OnBadRow onBadRow;
  private final PromptLimit promptLimit;

  private JsonlLoader(DatasetFormat format, FieldMapping fields, OnBadRow onBadRow) {
    this(format, fields, onBadRow, null);
  }

  private JsonlLoader(DatasetFormat format, FieldMapping fields, OnBadRow onBadRow, PromptLimit promptLimit) {
    if (format == DatasetFormat.GENERIC && fields == null) {
      throw InvalidInputException.of("format generic needs a field mapping (--fields prompt=F,answer=G)");
    }
    if (fields != null && format != DatasetFormat.GENERIC) {
      throw InvalidInputException.of("a field mapping (--fields) applies to format generic only, not %s",
          format.id());
    }
    this.format = format;
    this.fields = fields;
    this.onBadRow = Objects.requireNonNull(onBadRow, "onBadRow");
    this.promptLimit = promptLimit;
  }

  /** A loader that detects the format from the first row, stopping at the first bad row. */
  public static JsonlLoader detecting() {
    return new JsonlLoader(null, null, OnBadRow.STOP);
  }

  /** A loader for {@code format} (not {@link DatasetFormat#GENERIC}: see {@link #generic}). */
  public static JsonlLoader of(DatasetFormat format) {
    return new JsonlLoader(Objects.requireNonNull(format, "format"), null, OnBadRow.STOP);
  }

  /** A loader reading the fields {@code fields} names. */
  public static JsonlLoader generic(FieldMapping fields) {
    return new JsonlLoader(DatasetFormat.GENERIC, Objects.requireNonNull(fields, "fields"), OnBadRow.STOP);
  }

  /**
   * The loader the command-line options ask for: {@code --format} (null to detect, or to imply generic when
   * {@code --fields} is given) and {@code --fields} (null for none).
   */
  public static JsonlLoader fromOptions(String format, String fields) {
    FieldMapping mapping = fields == null ? null : FieldMapping.parse(fields);
    if (format == null) {
      return mapping == null ? detecting() : generic(mapping);
    }
    return new JsonlLoader(DatasetFormat.fromName(format), mapping, OnBadRow.STOP);
  }

  /** This loader with bad-row policy {@code policy}. */
  public JsonlLoader onBadRow(OnBadRow policy) {
    return new JsonlLoader(format, fields, policy, promptLimit);
  }

  /**
   * This loader with a limit on each row's prompt (null: none): a longer prompt makes the row bad, reported as
   * {@code file:line} and handled by the {@link OnBadRow} policy like any other bad row.
   */
  public JsonlLoader promptLimit(PromptLimit limit) {
    return new JsonlLoader(format, fields, onBadRow, limit);
  }

  /** The bad-row policy. */
  public OnBadRow policy() {
    return onBadRow;
  }

  /** The format, empty when it is detected from the file. */
  public Optional<DatasetFormat> format() {
    return Optional.ofNullable(format);
  }

  /**
   * Loads {@code file}.
   *
   * @throws InvalidInputException when the file is missing, its format cannot be detected, a row is bad under
   *     {@link OnBadRow#STOP}, or no problem is loaded
   */
  public LoadedDataset load(Path file) {
    byte[] bytes = read(file);
    List<TaskProblem> problems = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    int skipped = 0;
    DatasetFormat rowFormat = format;
    RowReader reader = format == null ? null : format.reader(fields);
    int start = startsWithBom(bytes) ? 3 : 0;
    for (int line = 1; start <= bytes.length; line++) {
      int end = lineEnd(bytes, start);
      try {
        String text = decode(bytes, start, end);
        if (!text.isBlank()) {
          ObjectNode row = parse(text);
          if (reader == null) {
            rowFormat = detect(row, file, line);
            reader = rowFormat.reader(null);
          }
          TaskProblem problem = reader.read(row, problems.size());
          String tooLong = promptLimit == null ? null : promptLimit.problem(problem.prompt());
          if (tooLong != null) {
            throw new BadRowException(tooLong);
          }
          problems.add(problem);
        }
      } catch (BadRowException e) {
        String message = String.format("%s:%d: %s", file, line, e.getMessage());
        if (onBadRow == OnBadRow.STOP) {
          throw new InvalidInputException(message);
        }
        if (skipped++ < LoadReport.MAX_MESSAGES) {
          messages.add(message);
        }
      }
      start = end + 1;
    }
    if (problems.isEmpty()) {
      throw skipped == 0
          ? InvalidInputException.of("%s: no rows", file)
          : InvalidInputException.of("%s: no problems loaded; all %d rows were bad, first: %s", file, skipped,
              messages.get(0));
    }
    return new LoadedDataset(problems, new LoadReport(file, rowFormat, problems.size(), skipped, messages));
  }

  private static byte[] read(Path file) {
    if (!Files.exists(file)) {
      throw InvalidInputException.of("%s: file not found", file);
    }
    if (!Files.isRegularFile(file)) {
      throw InvalidInputException.of("%s: not a regular file", file);
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new NestedReftException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static boolean startsWithBom(byte[] b) {
    return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
  }

  private static int lineEnd(byte[] bytes, int start) {
    int i = start;
    while (i < bytes.length && bytes[i] != '\n') {
      i++;
    }
    return i;
  }

  private static String decode(byte[] bytes, int start, int end) {
    int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, start, stop - start))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRowException("not valid UTF-8");
    }
  }

  private static ObjectNode parse(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      String why = e.getOriginalMessage().replaceAll(SOURCE_NOTE, "").replaceAll("\\s+", " ").strip();
      throw column > 0
          ? BadRowException.of("malformed JSON at column %d: %s", column, why)
          : BadRowException.of("malformed JSON: %s", why);
    }
    if (!(node instanceof ObjectNode row)) {
      throw BadRowException.of("expected a JSON object, not %s", RowFields.type(node));
    }
    return row;
  }

  private static DatasetFormat detect(ObjectNode row, Path file, int line) {
    List<String> present = RowFields.names(row);
    return DatasetFormat.detect(present).orElseThrow(() -> InvalidInputException.of(
        "%s:%d: cannot detect the dataset format from the fields %s; expected question+answer (gsm8k), "
            + "Body+Question+Answer (svamp) or problem+solution (math); name the format (--format) or map the "
            + "fields (--fields prompt=F,answer=G)", file, line, present));
  }
}
