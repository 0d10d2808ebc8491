package dev.billwright.examples.cli;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * How option values are read: numbers with a message that names the value and what was
 * expected, and input files checked to exist before a command starts its work. Picocli prefixes
 * each message with the option's name ({@code Invalid value for option '--quantity': ...}) and the
 * command line exits with status 2.
 */
final class OptionTypes {
  private OptionTypes() {}

  /**
   * Registers the number converters on a command line and every subcommand added to it so far.
   *
   * @param cli the command line, with its subcommands added
   */
  static void register(CommandLine cli) {
    cli.registerConverter(BigDecimal.class, OptionTypes::decimal);
    cli.registerConverter(Long.class, OptionTypes::wholeNumber);
    cli.registerConverter(Long.TYPE, OptionTypes::wholeNumber);
    cli.registerConverter(Integer.class, OptionTypes::integer);
    cli.registerConverter(Integer.TYPE, OptionTypes::integer);
  }

  /** A decimal number such as 20, 0.5 or 150000 (no exponent, no grouping separators). */
  static BigDecimal decimal(String text) {
    try {
      if (text.isEmpty() || text.length() > 100 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
        throw new NumberFormatException();
      }
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("got '" + shown(text) + "', expected a decimal number such as 20 or 0.5");
    }
  }

  /** A whole number such as 20000 (no grouping separators). */
  static Long wholeNumber(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("got '" + shown(text) + "', expected a whole number such as 20000 (at most "
          + Long.MAX_VALUE + ", without separators)");
    }
  }

  /** A whole number that fits an int. */
  static Integer integer(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("got '" + shown(text) + "', expected a whole number such as 10 (at most "
          + Integer.MAX_VALUE + ")");
    }
  }

  /** A value as shown in a message: at most 60 characters. */
  private static String shown(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }

  /**
   * An input file option: the path must name an existing regular file, else the command stops
   * before doing any work with {@code file not found: PATH} (or {@code is a directory}).
   */
  public static final class InputFile implements ITypeConverter<Path> {
    /** Creates the converter; used by picocli. */
    public InputFile() {}

    @Override
    public Path convert(String text) {
      Path p = path(text);
      if (Files.isDirectory(p)) {
        throw new TypeConversionException("'" + shown(text) + "' is a directory, expected a file");
      }
      if (!Files.exists(p)) {
        throw new TypeConversionException("file not found: " + shown(text));
      }
      if (!Files.isReadable(p)) {
        throw new TypeConversionException("file not readable: " + shown(text));
      }
      return p;
    }
  }

  private static Path path(String text) {
    if (text.isEmpty()) {
      throw new TypeConversionException("got an empty path, expected a file");
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new TypeConversionException("got '" + shown(text) + "', expected a file path (" + e.getReason() + ")");
    }
  }
}
