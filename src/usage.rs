//! A command line argscope cannot follow, told in one sentence: what is wrong, and the command
//! meant or where to look. clap's own report runs to five lines of "tip:" and "Usage:", some of
//! it wrong for a reader (`argscope check --full` was told `--full` is not an option of argscope
//! itself). Part of the binary: the library has no command line.

use std::ffi::OsString;
use std::path::Path;

use argscope::text::listed;
use clap::Command;
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

/// The sentence for a command line clap refused, or `None` when clap is printing help or the
/// version, which it does itself.
pub fn sentence(cli: &Command, error: &Error, args: &[OsString]) -> Option<String> {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        return None;
    }
    let args: Vec<String> = args
        .iter()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    if let Some(said) = args.first().and_then(|word| mistyped_command(cli, word)) {
        return Some(said);
    }
    if let Some(said) = options_before_command(cli, &args) {
        return Some(said);
    }
    let (command, name) = command_used(cli, &args);
    let help = if command.has_subcommands() {
        format!("`{name} --help` lists its commands and options")
    } else {
        format!("`{name} --help` lists its options")
    };
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.as_str(),
        _ => "",
    };
    let texts = |kind| match error.get(kind) {
        Some(ContextValue::Strings(texts)) => texts.clone(),
        Some(ContextValue::String(text)) => vec![text.clone()],
        _ => Vec::new(),
    };
    // clap names an option with its value, `--format <FORMAT>`; the option is the first word.
    let option = option_name(text(ContextKind::InvalidArg));
    let said = match error.kind() {
        ErrorKind::UnknownArgument => {
            let given = text(ContextKind::InvalidArg);
            if given.starts_with('-') {
                let said =
                    unknown_option(cli, command, &name, given, text(ContextKind::SuggestedArg));
                match dashed_file(command, &args, given) {
                    Some(file) => format!("{said}; {file}"),
                    None => said,
                }
            } else {
                one_word_too_many(command, &name, given)
            }
        }
        ErrorKind::InvalidValue => {
            let values = listed(&texts(ContextKind::ValidValue), "or");
            let given = text(ContextKind::InvalidValue);
            let meant = texts(ContextKind::SuggestedValue);
            match (given.is_empty(), values.is_empty(), meant.first()) {
                // `argscope print ""`: clap names the file `[FILE]`.
                (true, _, _) if option.starts_with(['[', '<']) => {
                    "the file name given is empty; name a map file, or none for the built-in map"
                        .to_string()
                }
                (true, false, _) => format!("{option} needs a value: {values}"),
                (true, true, _) => format!("{option} needs a value"),
                (false, _, Some(meant)) => {
                    format!("{option} takes {values}, not {given:?}; did you mean {meant:?}?")
                }
                (false, _, None) => format!("{option} takes {values}, not {given:?}"),
            }
        }
        ErrorKind::ValueValidation => match std::error::Error::source(error) {
            Some(why) => format!("{option}: {why}"),
            None => format!("{option} cannot be {:?}", text(ContextKind::InvalidValue)),
        },
        ErrorKind::MissingRequiredArgument => {
            let needed: Vec<String> = texts(ContextKind::InvalidArg)
                .iter()
                .map(|arg| needed(command, arg))
                .collect();
            format!("`{name}` needs {}", needed.join(" and "))
        }
        // `argscope notes`, with no command after it.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let commands: Vec<String> = command
                .get_subcommands()
                .map(|sub| sub.get_name().to_string())
                .filter(|sub| sub != "help")
                .collect();
            format!("`{name}` needs a command: {}", listed(&commands, "or"))
        }
        // `argscope my map.json`: clap takes the second word for a command.
        ErrorKind::ArgumentConflict if error.get(ContextKind::InvalidSubcommand).is_some() => {
            one_word_too_many(command, &name, text(ContextKind::InvalidSubcommand))
        }
        ErrorKind::ArgumentConflict => {
            let others = texts(ContextKind::PriorArg);
            let other = others.first().map_or("", |o| option_name(o));
            format!("{option} and {other} cannot be given together; give one of them")
        }
        ErrorKind::InvalidSubcommand => {
            let given = text(ContextKind::InvalidSubcommand);
            match texts(ContextKind::SuggestedSubcommand).first() {
                Some(meant) => {
                    format!("`{name}` has no command {given:?}; did you mean `{name} {meant}`?")
                }
                None => format!("`{name}` has no command {given:?}"),
            }
        }
        _ => clap_first_line(error),
    };
    Some(format!("{said} ({help})"))
}

/// What to say when a word given as a map looks like a command misspelt (`argscope chek`,
/// `argscope expor map.json`): no file has that name, and a command's is a letter or two away.
/// Asked only once something has failed, so a good command line never builds clap's command
/// twice.
pub fn mistyped_command(cli: &Command, word: &str) -> Option<String> {
    if word.starts_with('-') || Path::new(word).exists() {
        return None;
    }
    let names: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).collect();
    if names.contains(&word) {
        return None;
    }
    let near = names
        .iter()
        .map(|name| (strsim::damerau_levenshtein(word, name), *name))
        .filter(|&(distance, name)| distance <= 2 && distance < name.len())
        .min()?;
    Some(format!(
        "there is no command or file named {word:?}; did you mean `argscope {}`? (`argscope --help` lists the commands)",
        near.1
    ))
}

/// What to say when a command's name comes after other words (`argscope --max-size 2G print
/// map.json`, `argscope map.json print`): argscope reads them as the interface's, and the
/// command's name as a map. The command line meant, with the command first, when every option
/// given is the command's.
pub fn options_before_command(cli: &Command, args: &[String]) -> Option<String> {
    let at = args
        .iter()
        .position(|word| cli.find_subcommand(word).is_some())
        .filter(|&at| at > 0)?;
    if Path::new(&args[at]).exists() {
        return None;
    }
    let command = cli.find_subcommand(&args[at])?;
    let name = format!("argscope {}", command.get_name());
    let options = args[..at].iter().filter(|word| word.starts_with('-'));
    if let Some(foreign) = options
        .clone()
        .find(|option| !takes_option(command, option))
    {
        return Some(format!(
            "`{name}` has no option {}, and a command's options go after its name (`{name} --help` lists them)",
            option_name(foreign)
        ));
    }
    let reordered: Vec<String> = std::iter::once(&args[at])
        .chain(&args[..at])
        .chain(&args[at + 1..])
        .map(|word| shell_word(word))
        .collect();
    Some(format!(
        "the command comes first: write `argscope {}`",
        reordered.join(" ")
    ))
}

/// The command the words name (`notes summary`), and how a reader would type it.
fn command_used<'a>(cli: &'a Command, args: &[String]) -> (&'a Command, String) {
    let mut command = cli;
    let mut name = String::from("argscope");
    for word in args {
        match command.find_subcommand(word) {
            Some(sub) => {
                command = sub;
                name = format!("{name} {word}");
            }
            None => break,
        }
    }
    (command, name)
}

/// An option that `command` does not have: the one meant, or the command that has it.
fn unknown_option(
    cli: &Command,
    command: &Command,
    name: &str,
    given: &str,
    suggested: &str,
) -> String {
    let option = option_name(given);
    let owners: Vec<String> = cli
        .get_subcommands()
        .filter(|sub| takes_option(sub, option))
        .map(|sub| format!("`argscope {} {option} …`", sub.get_name()))
        .collect();
    // Before any command, an option a command has is that command's, not a slip for one of
    // argscope's own; after a command, a near name is most likely a slip.
    let top = std::ptr::eq(command, cli);
    match (owners.is_empty(), top, suggested.is_empty()) {
        (false, true, _) => format!(
            "{option} is an option of a command, not of argscope itself; write {}",
            owners.join(" or ")
        ),
        (_, _, false) => format!("`{name}` has no option {option}; did you mean {suggested}?"),
        (true, _, true) => format!("`{name}` has no option {option}"),
        (false, false, true) => format!(
            "`{name}` has no option {option}; it belongs to {}",
            owners.join(" or ")
        ),
    }
}

/// How to name a file whose name starts with `-` (`-dash.json`), which is read as options: when
/// the word clap refused (`-d`, of `-dash.json`) comes from a word that is a file, or looks like
/// a file's name (it has a dot or a slash), and the command reads a file.
fn dashed_file(command: &Command, args: &[String], given: &str) -> Option<String> {
    if command.get_positionals().next().is_none() || given.starts_with("--") {
        return None;
    }
    let word = args
        .iter()
        .find(|word| word.starts_with(given) && !word.starts_with("--"))?;
    let exists = Path::new(word).exists();
    if !exists && !word[1..].contains(['.', '/']) {
        return None;
    }
    let word_shown = shell_word(word);
    let dotted = shell_word(&format!("./{word}"));
    Some(if exists {
        format!(
            "{word_shown} is a file: name it {dotted}, or put -- before it, so it is not read as options"
        )
    } else {
        format!(
            "if {word_shown} is a file, name it {dotted}, or put -- before it, so it is not read as options"
        )
    })
}

/// A word left over after the map file: most often a file name with a space, not in quotes.
fn one_word_too_many(command: &Command, name: &str, given: &str) -> String {
    if command.get_positionals().next().is_none() {
        format!("`{name}` reads no file, so {given:?} is one word too many")
    } else {
        format!(
            "`{name}` reads one map file, so {given:?} is one word too many; a file name with spaces goes in quotes, as in \"my map.json\""
        )
    }
}

/// Whether `command` has the option `given` (`--full`, `--full=x`, `-o`).
fn takes_option(command: &Command, given: &str) -> bool {
    let option = option_name(given);
    command.get_arguments().any(|arg| {
        option.strip_prefix("--").is_some_and(|long| {
            arg.get_long() == Some(long) || arg.get_all_aliases().is_some_and(|a| a.contains(&long))
        }) || option
            .strip_prefix('-')
            .and_then(|short| short.chars().next())
            .is_some_and(|short| arg.get_short() == Some(short))
    })
}

/// `--format` from clap's `--format <FORMAT>` or a given `--format=json`.
fn option_name(arg: &str) -> &str {
    arg.split([' ', '=']).next().unwrap_or(arg)
}

/// A required argument as a reader would give it: `--format` with its values ("--format json,
/// markdown … or png"), or one of a group (`<--default|--path>` is "--default or --path").
fn needed(command: &Command, arg: &str) -> String {
    if let Some(group) = arg.strip_prefix('<').and_then(|a| a.strip_suffix('>')) {
        return listed(&group.split('|').collect::<Vec<_>>(), "or");
    }
    let option = option_name(arg);
    let values: Vec<String> = command
        .get_arguments()
        .find(|a| {
            a.get_long()
                .is_some_and(|long| option == format!("--{long}"))
        })
        .map(|a| {
            a.get_possible_values()
                .iter()
                .map(|value| value.get_name().to_string())
                .collect()
        })
        .unwrap_or_default();
    if values.is_empty() {
        arg.to_string()
    } else {
        format!("{option} {}", listed(&values, "or"))
    }
}

/// clap's own message, first line only, for the rare refusals not told apart above.
fn clap_first_line(error: &Error) -> String {
    let rendered = error.render().to_string();
    let line = rendered.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

/// A word as a shell would need it typed: in single quotes when it holds anything but
/// letters, digits and the punctuation of paths and options.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_spaces_or_quotes_are_quoted_for_the_shell() {
        assert_eq!(shell_word("map.json"), "map.json");
        assert_eq!(shell_word("carte é.json"), "'carte é.json'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn lists_read_as_a_sentence() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(listed(&words(&["a"]), "or"), "a");
        assert_eq!(listed(&words(&["a", "b", "c"]), "or"), "a, b or c");
    }
}
