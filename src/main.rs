//! The `argscope` command line: opens the map in the terminal, or prints, exports, checks and
//! renders it without one. Errors are printed after the terminal is restored, as one sentence.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};

use argscope::check;
use argscope::config::{self, Settings};
use argscope::formats::detect::Format;
use argscope::formats::{argdown, dot, kialo, left_out, markdown, native, opml, outline};
use argscope::load::{self, LoadError, Loaded};
use argscope::notes::store::{self, NotesUse, Store};
use argscope::notes::{self, Keys, Notes};
use argscope::tui::search::Side;
use argscope::tui::state::Start;
use argscope::tui::theme::{Theme, ThemeName};
use argscope::tui::{app, keys, snapshot};

mod usage;

/// Explore the structure of an argument in the terminal.
///
/// With no FILE, opens the built-in map of Abbas Maleki's op-ed on the future of Iran–Russia
/// relations. Press ? inside for the keys.
#[derive(Debug, Parser)]
#[command(
    name = "argscope",
    version,
    about,
    long_about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Leave the mouse to the terminal, so text can be selected and copied.
    #[arg(long)]
    no_mouse: bool,
    /// The colours: dark (the default), light, or projector (high contrast). `t` cycles them.
    #[arg(long, value_enum)]
    theme: Option<ThemeChoice>,
    /// Colour on or off; `auto` follows NO_COLOR.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Do not read the map file again when it changes on disk.
    #[arg(long)]
    no_watch: bool,
    /// The seminar notes file to use instead of the usual one (beside the map, or the data
    /// folder for the built-in map).
    #[arg(long, value_name = "NOTES")]
    notes: Option<PathBuf>,
    /// Open in presenter mode: one node a slide, large and centred, for a projector.
    #[arg(long)]
    present: bool,
    /// Open showing only one side of the argument: the case for (claims, evidence, rebuttals)
    /// or against (objections, caveats, questions). `c` changes it inside.
    #[arg(long, value_enum)]
    only: Option<SideChoice>,
    #[command(flatten)]
    map: MapFile,
}

/// The map a command reads, and how: every command that reads a map takes these, and only
/// those commands do, so `config --help` does not offer them.
#[derive(Debug, Args)]
struct MapFile {
    /// A map: argscope JSON, Argdown, a Kialo export, AIF or OPML (told by its content); none
    /// means the built-in map.
    file: Option<PathBuf>,
    /// Read FILE as this format instead of telling it from the content.
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Option<Format>,
    /// Refuse map files larger than SIZE, before reading them: bytes, or a number with k, M or G
    /// (units of 1024), such as 100k, 512M or 2G.
    #[arg(
        long,
        value_name = "SIZE",
        default_value = "1G",
        value_parser = load::parse_size,
        // So `--max-size -1` is told it is no size, not that `-1` is no option.
        allow_hyphen_values = true
    )]
    max_size: u64,
}

impl Cli {
    /// The map this command line reads: the interface's, or its command's; none for `config`.
    fn map_file(&self) -> Option<&MapFile> {
        match &self.command {
            None => Some(&self.map),
            Some(
                Command::Print { map, .. }
                | Command::Export { map, .. }
                | Command::Check { map }
                | Command::Snapshot { map, .. }
                | Command::Notes(NotesCommand::Summary { map, .. }),
            ) => Some(map),
            Some(Command::Config { .. }) => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ThemeChoice {
    Dark,
    Light,
    Projector,
}

impl From<ThemeChoice> for ThemeName {
    fn from(choice: ThemeChoice) -> ThemeName {
        match choice {
            ThemeChoice::Dark => ThemeName::Dark,
            ThemeChoice::Light => ThemeName::Light,
            ThemeChoice::Projector => ThemeName::Projector,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SideChoice {
    For,
    Against,
}

impl From<SideChoice> for Side {
    fn from(choice: SideChoice) -> Side {
        match choice {
            SideChoice::For => Side::For,
            SideChoice::Against => Side::Against,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the map as an indented outline.
    Print {
        /// Add each node's paraphrase and quote.
        #[arg(long)]
        full: bool,
        /// Colour on or off; `auto` colours on a terminal, unless NO_COLOR is set.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        #[command(flatten)]
        map: MapFile,
    },
    /// Write the map in another format.
    Export {
        /// The format to write.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write here instead of to standard output (`-` is standard output). Never the map
        /// being exported or its notes file.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Add the seminar's notes, marks and ratings to the Markdown handout: from the usual
        /// notes file, or from NOTES when given.
        // `--notes` alone is Some(None): a default of "" was refused by clap's path parser.
        #[arg(long, value_name = "NOTES", num_args = 0..=1)]
        notes: Option<Option<PathBuf>>,
        #[command(flatten)]
        map: MapFile,
    },
    /// The seminar's notes.
    #[command(subcommand)]
    Notes(NotesCommand),
    /// Validate a map: list every problem (exit 1), or summarise it.
    Check {
        #[command(flatten)]
        map: MapFile,
    },
    /// Render the interface headlessly after replaying keys, and print the screen as text.
    Snapshot {
        /// The terminal size, as COLSxROWS.
        #[arg(long, default_value = "80x24", value_parser = parse_size)]
        size: (u16, u16),
        /// Keys to replay, separated by spaces, named as tmux send-keys names them (Enter, Escape,
        /// Tab, BSpace, Space, Up, PageDown, C-d, M-Left …) or as the help writes them (Esc,
        /// Ctrl-d, ↑); other words are typed.
        // So `--keys "- j"` (mark: disagree, then down) is keys, not an option `-`.
        #[arg(long, default_value = "", allow_hyphen_values = true)]
        keys: String,
        /// Start in presenter mode, as `argscope --present` does.
        #[arg(long)]
        present: bool,
        /// Start showing only one side, as `argscope --only` does.
        #[arg(long, value_enum)]
        only: Option<SideChoice>,
        /// The theme to draw in; its colours show only when colour is on.
        #[arg(long, value_enum)]
        theme: Option<ThemeChoice>,
        /// Print the screen with its colours as ANSI styles (auto: on a terminal, unless NO_COLOR).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// A settings file to use instead of the usual one (see `argscope config`).
        // Not FILE: that is the map, just above in the help.
        #[arg(long, value_name = "SETTINGS")]
        config: Option<PathBuf>,
        #[command(flatten)]
        map: MapFile,
    },
    /// Show the settings file: the default one, or where argscope reads it.
    ///
    /// The settings file (TOML) sets the theme, the presenter width and the keys. argscope reads
    /// it from the platform's configuration folder (~/.config/argscope/config.toml on Linux), or
    /// from the file the environment variable ARGSCOPE_CONFIG names.
    #[command(group(clap::ArgGroup::new("show").required(true)))]
    Config {
        /// Print a settings file that changes nothing, listing every setting and key.
        #[arg(long, group = "show")]
        default: bool,
        /// Print the path of the settings file in use.
        #[arg(long, group = "show")]
        path: bool,
    },
}

#[derive(Debug, Subcommand)]
enum NotesCommand {
    /// Per point: how many nodes are agreed, disagreed, unsure, the mean impact, and the notes.
    Summary {
        /// The notes file to read instead of the usual one.
        #[arg(long, value_name = "NOTES")]
        notes: Option<PathBuf>,
        /// Write JSON, for scripts.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        map: MapFile,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// argscope JSON, the format argscope reads.
    Json,
    /// A handout: nested list with kinds, labels, paraphrases and quotes.
    Markdown,
    /// Argdown, for the Argdown tools; reads back into the same map.
    Argdown,
    /// An OPML outline for outliners (Pro:/Con: before each label); reads back into the same map.
    Opml,
    /// A Kialo discussion export (the numbered text layout): the tree, pro and con, quotes.
    Kialo,
    /// A Graphviz graph: one shape and colour per kind, edges labelled support/attack.
    Dot,
    /// The Graphviz graph drawn as SVG (needs Graphviz's `dot`).
    Svg,
    /// The Graphviz graph drawn as PNG (needs Graphviz's `dot`).
    Png,
}

impl ExportFormat {
    /// The file extension the format's files usually have.
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Markdown => "md",
            ExportFormat::Argdown => "argdown",
            ExportFormat::Opml => "opml",
            ExportFormat::Kialo => "txt",
            ExportFormat::Dot => "dot",
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
        }
    }
}

fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let invalid = || format!("{text:?} is not a size; write COLSxROWS, e.g. 80x24");
    let (cols, rows) = text.split_once(['x', 'X']).ok_or_else(invalid)?;
    // Any run of digits is a number, however large, so 99999x99999 is out of range too.
    let number = |part: &str| {
        let part = part.trim();
        (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u16>().ok().filter(|n| (1..=1000).contains(n)))
    };
    match (number(cols), number(rows)) {
        (Some(Some(cols)), Some(Some(rows))) => Ok((cols, rows)),
        (Some(_), Some(_)) => Err(format!(
            "{text:?} is out of range; columns and rows go from 1 to 1000"
        )),
        _ => Err(invalid()),
    }
}

/// mimalloc, as the shipped program uses it (see `argscope::memory`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    argscope::memory::set_up();
    install_panic_message();
    // argscope chooses colour itself (see `wants_color`: NO_COLOR holds unless --color says
    // otherwise); crossterm would drop every colour under NO_COLOR, --color always or not.
    crossterm::style::Colored::set_ansi_color_disabled(false);
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            use clap::CommandFactory;
            let args: Vec<_> = std::env::args_os().skip(1).collect();
            match usage::sentence(&Cli::command(), &error, &args) {
                Some(sentence) => {
                    say(&format!("argscope: {}", shown(&sentence)));
                    return ExitCode::from(2);
                }
                None => error.exit(),
            }
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            say(&format!("argscope: {}", shown(&sentence(&error))));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes as one line: "cannot write out.md: permission denied".
fn sentence(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}

fn run(cli: Cli) -> Result<ExitCode> {
    // The limit holds for every read of the run: the map, its source document, and reloads.
    if let Some(map) = cli.map_file() {
        load::set_max_size(map.max_size);
    }
    match cli.command {
        None => open(&cli),
        Some(Command::Print { map, full, color }) => {
            let loaded = load(&map)?;
            mention_problems(&loaded);
            let use_color = wants_color(color, std::io::stdout().is_terminal());
            write_stdout(&outline::write(&loaded, full, use_color))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export {
            map,
            format,
            output,
            notes,
        }) => {
            let file = map.file.as_deref();
            let output = output.filter(|path| path.as_os_str() != "-");
            // What cannot be done is said before the map is read, and alone: a warning about
            // the map before a refusal would only hide it.
            if notes.is_some() && format != ExportFormat::Markdown {
                say(
                    "argscope: --notes goes with --format markdown (notes are never written into a map); use `argscope notes summary --json` for them as JSON",
                );
                return Ok(ExitCode::from(2));
            }
            if format == ExportFormat::Png && output.is_none() && std::io::stdout().is_terminal() {
                say("argscope: a PNG is not text; write it to a file with -o map.png");
                return Ok(ExitCode::from(2));
            }
            // A device or a pipe (`-o /dev/tty`, `-o /dev/stdout`) is opened now and written
            // as it is; what it is shows only once opened, whatever its name.
            let device = match output.as_deref().map(open_device).transpose()? {
                Some(Some(device)) => Some(device),
                _ => None,
            };
            if format == ExportFormat::Png
                && let (Some(path), Some(device)) = (&output, &device)
                && device.is_terminal()
            {
                say(&format!(
                    "argscope: a PNG is not text, and {} is a terminal; write it to a file with -o map.png",
                    shown(&path.display().to_string())
                ));
                return Ok(ExitCode::from(2));
            }
            let loaded = load(&map)?;
            // The map names its source document, which an export must not write over either.
            if let Some(path) = &output {
                let inputs = ExportInputs {
                    map: file,
                    source: source_document(file, &loaded.map),
                    notes: notes.as_ref(),
                };
                refuse_a_folder(path, &inputs, format)?;
                refuse_writing_over_inputs(path, &inputs, format)?;
            }
            let mention = |loaded: &Loaded| {
                mention_problems(loaded);
                if format == ExportFormat::Json {
                    mention_too_deep(loaded);
                }
                mention_left_out(format, &loaded.map);
            };
            // The built-in map names its article, which is kept inside argscope; a map written
            // out that names it (JSON and Argdown do) wants it beside itself.
            // Not beside a device or a pipe (`-o /dev/stdout`): /dev is no folder of documents.
            let article = output
                .as_deref()
                .filter(|_| file.is_none() && device.is_none())
                .filter(|_| matches!(format, ExportFormat::Json | ExportFormat::Argdown))
                .and_then(|path| load::source_document_in(folder_of(path), &loaded.map));
            // A map exported as argscope JSON to a file is written as it is made: at a million
            // nodes the text is as large as the map itself.
            if let (ExportFormat::Json, None, Some(path)) = (format, &notes, &output) {
                mention(&loaded);
                let written =
                    write_export(path, device, |file| native::write_to(&loaded.map, file));
                exit_without_freeing(loaded);
                written?;
                put_the_builtin_article(article.as_deref());
                return Ok(ExitCode::SUCCESS);
            }
            let text: Vec<u8> = match (format, notes) {
                (ExportFormat::Json, None) => native::write(&loaded.map).into_bytes(),
                (ExportFormat::Dot, None) => dot::write(&loaded.map).into_bytes(),
                (ExportFormat::Argdown, None) => argdown::write(&loaded.map).into_bytes(),
                (ExportFormat::Opml, None) => opml::write(&loaded.map).into_bytes(),
                (ExportFormat::Kialo, None) => kialo::write(&loaded.map).into_bytes(),
                (ExportFormat::Svg | ExportFormat::Png, None) => {
                    let kind = if format == ExportFormat::Svg {
                        "svg"
                    } else {
                        "png"
                    };
                    graphviz(&dot::write(&loaded.map), kind)?
                }
                (_, None) => markdown::write(&loaded).into_bytes(),
                (_, Some(given)) => {
                    let (notes, keys) =
                        read_notes(&loaded, file, given.as_deref()).map_err(|error| {
                            match (file, &given) {
                                (None, Some(taken)) => notes_took_the_map(&error, taken),
                                _ => error,
                            }
                        })?;
                    markdown::write_with_notes(&loaded, &notes, &keys).into_bytes()
                }
            };
            mention(&loaded);
            exit_without_freeing(loaded);
            match output {
                Some(path) => {
                    write_export(&path, device, |file| file.write_all(&text))?;
                    put_the_builtin_article(article.as_deref());
                }
                None => write_stdout_bytes(&text)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check { map }) => Ok(run_check(&map)),
        Some(Command::Snapshot {
            map,
            size,
            keys,
            only,
            theme,
            color,
            config,
            present,
        }) => {
            let settings = match settings(config.as_deref()) {
                Ok(settings) => settings,
                Err(code) => return Ok(code),
            };
            let loaded = load(&map)?;
            // Colour shows only as ANSI styles on a terminal (or with --color always).
            let colored = wants_color(color, std::io::stdout().is_terminal());
            let color = if colored {
                ColorChoice::Always
            } else {
                ColorChoice::Never
            };
            let start = Start {
                only: only.map(Side::from),
                theme: choose_theme(
                    theme.map(ThemeName::from).or(settings.theme),
                    color,
                    colored,
                ),
                present,
                presenter_width: settings.presenter_width,
                stable_ids: loaded.stable_ids,
            };
            let buffer = snapshot::render(
                &loaded,
                &settings.keymap,
                size.0,
                size.1,
                &keys::parse_keys(&keys),
                &start,
            );
            let text = if colored {
                snapshot::to_ansi(&buffer)
            } else {
                snapshot::to_text(&buffer)
            };
            exit_without_freeing(loaded);
            write_stdout(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Notes(NotesCommand::Summary { map, notes, json })) => {
            let loaded = load(&map)?;
            let (notes, keys) = read_notes(&loaded, map.file.as_deref(), notes.as_deref())?;
            let summary = notes::summary::summary(&loaded, &notes, &keys);
            write_stdout(&if json { summary.json() } else { summary.text() })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Config { default, path }) => {
            if default {
                write_stdout(config::DEFAULT_CONFIG)?;
            } else if path {
                let path = config::path_in_use().context(
                    "no home folder was found to hold the settings file; set ARGSCOPE_CONFIG to the file to use",
                )?;
                write_stdout(&format!("{}\n", path.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs Graphviz's `dot` to draw a DOT graph as `svg` or `png`.
fn graphviz(graph: &str, kind: &str) -> Result<Vec<u8>> {
    use std::process::{Command as Process, Stdio};
    let mut child = Process::new("dot")
        .arg(format!("-T{kind}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => anyhow::anyhow!(
                "Graphviz's dot is not installed, and it draws the {}; install Graphviz (apt-get install graphviz, brew install graphviz) or export --format dot",
                kind.to_uppercase()
            ),
            _ => anyhow::anyhow!("cannot run Graphviz's dot: {error}"),
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(graph.as_bytes())
            .context("cannot pass the graph to dot")?;
    }
    let out = child.wait_with_output().context("dot did not finish")?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        anyhow::bail!(
            "Graphviz's dot failed: {}",
            why.lines().next().unwrap_or("no reason given")
        );
    }
    Ok(out.stdout)
}

/// The theme asked for (dark unless said), or monochrome when colour is off (NO_COLOR,
/// `--color never`).
fn choose_theme(name: Option<ThemeName>, color: ColorChoice, terminal: bool) -> Theme {
    if wants_color(color, terminal) {
        Theme::new(name.unwrap_or(ThemeName::Dark))
    } else {
        Theme::monochrome()
    }
}

/// The settings in use, or every problem with them printed, one a line, and exit code 2.
fn settings(given: Option<&Path>) -> std::result::Result<Settings, ExitCode> {
    config::load_in_use(given).map_err(|problems| {
        for problem in &problems {
            say(&shown(&problem.to_string()));
        }
        ExitCode::from(2)
    })
}

/// The interface, with the command line's choices over the settings file's.
fn open(cli: &Cli) -> Result<ExitCode> {
    let settings = match settings(None) {
        Ok(settings) => settings,
        Err(code) => return Ok(code),
    };
    let mut start = Start {
        only: cli.only.map(Side::from),
        theme: choose_theme(
            cli.theme.map(ThemeName::from).or(settings.theme),
            cli.color,
            true,
        ),
        present: cli.present,
        presenter_width: settings.presenter_width,
        stable_ids: true,
    };
    let (file, mouse) = (cli.map.file.as_deref(), !cli.no_mouse);
    // `argscope chek` (a command misspelt) and `argscope --no-watch print` (options before the
    // command) read as a map that is not there. Asked only then, so opening a map never builds
    // clap's command a second time.
    if let Some(word) = file.filter(|file| !file.exists()).and_then(Path::to_str) {
        use clap::CommandFactory;
        let cli = Cli::command();
        let args: Vec<String> = std::env::args_os()
            .skip(1)
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        let is_command = cli.find_subcommand(word).is_some();
        if let Some(said) = usage::mistyped_command(&cli, word)
            .or_else(|| is_command.then(|| usage::options_before_command(&cli, &args))?)
        {
            say(&format!("argscope: {}", shown(&said)));
            return Ok(ExitCode::from(2));
        }
    }
    if !std::io::stdout().is_terminal() {
        say(
            "argscope: standard output is not a terminal, so the map cannot be shown; use `argscope print` to write it as text",
        );
        return Ok(ExitCode::from(2));
    }
    let loaded = load(&cli.map)?;
    start.stable_ids = loaded.stable_ids;
    let notes = open_notes(&loaded, file, cli.notes.as_deref())?;
    let rescue_path = rescue_path();
    // A map file is read again whenever it changes; the built-in map never does.
    let watch = file.filter(|_| !cli.no_watch).map(Path::to_path_buf);
    let options = app::Options {
        mouse,
        start,
        notes,
        rescue_path,
        watch,
        from: cli.map.from,
    };
    let last_word = app::run(loaded, &settings.keymap, options)?;
    if let Some(word) = last_word {
        say(&format!("argscope: {}", shown(&word)));
    }
    Ok(ExitCode::SUCCESS)
}

/// The notes file for a map: `--notes`, else beside the map, else (the built-in map) in the
/// data folder.
fn notes_path(file: Option<&Path>, given: Option<&Path>, purpose: NotesUse) -> Result<PathBuf> {
    let path = match given {
        Some(path) => path.to_path_buf(),
        None => store::default_path(file, BUILTIN_NOTES)
            .context("no home folder was found to keep notes in; name a notes file with --notes")?,
    };
    store::check_path(&path, file, purpose).map_err(anyhow::Error::msg)?;
    Ok(path)
}

/// Opens the notes for the interface, locked against a second argscope. When there is nowhere
/// to keep them, the map still opens, with notes read-only and the reason shown.
fn open_notes(
    loaded: &Loaded,
    file: Option<&Path>,
    given: Option<&Path>,
) -> Result<Result<(Store, Notes), String>> {
    let path = match notes_path(file, given, NotesUse::Save) {
        Ok(path) => path,
        // An explicit notes file that cannot be used is an error; no home folder is not.
        Err(error) if given.is_some() => return Err(error),
        Err(error) => return Ok(Err(error.to_string())),
    };
    Ok(Ok(Store::open(path, &map_label(loaded), loaded.stable_ids)))
}

/// Reads the notes for `export --notes` and `notes summary`, without taking the lock, so a
/// seminar's argscope can stay open meanwhile. A map with no notes file yet has no notes, and
/// says where they would be, so an empty handout or summary is not taken for a lost file.
fn read_notes(loaded: &Loaded, file: Option<&Path>, given: Option<&Path>) -> Result<(Notes, Keys)> {
    let path = notes_path(file, given, NotesUse::Read)?;
    let read = store::read(&path).map_err(|problems| {
        let first = problems
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        match given {
            // A file named by --notes is the one meant; the usual one may not be.
            Some(_) => anyhow::anyhow!("{first}"),
            None => anyhow::anyhow!(
                "{first}; check that {} is the notes file meant (--notes names another)",
                path.display()
            ),
        }
    })?;
    let (entries, by_id) = match read {
        // As the interface refuses them, so that a summary does not list every note as
        // orphaned.
        Some(file) if file.keyed_by_id != loaded.stable_ids => {
            let (was, is) = if loaded.stable_ids {
                ("text", "id")
            } else {
                ("id", "text")
            };
            anyhow::bail!(
                "{}: these notes are keyed by node {was}, but this map keys its notes by node {is}, so they were written for another map; give --notes another file",
                path.display()
            )
        }
        Some(file) => (file.entries, file.keyed_by_id),
        None if given.is_some() => anyhow::bail!(
            "the notes file {} does not exist; check the path",
            path.display()
        ),
        None => {
            say(&format!(
                "argscope: no notes yet: {} does not exist (argscope keeps the notes taken on this map there)",
                shown(&path.display().to_string())
            ));
            (Default::default(), loaded.stable_ids)
        }
    };
    Ok((Notes::from_entries(entries), Keys::new(&loaded.map, by_id)))
}

/// `argscope export --format markdown --notes map.json`: `--notes` takes the word after it as
/// its file, so the map meant was read as notes and the built-in map exported. The problem
/// found, and the order that exports the map with its notes.
fn notes_took_the_map(error: &anyhow::Error, taken: &Path) -> anyhow::Error {
    let taken = taken.display().to_string();
    anyhow::anyhow!(
        "{}; if {taken} is the map to export, put it before --notes, which takes the word after it as the notes file: `argscope export {} --format markdown --notes`",
        sentence(error),
        usage::shell_word(&taken)
    )
}

/// How the notes file names its map.
fn map_label(loaded: &Loaded) -> String {
    if loaded.map.meta.title.is_empty() {
        loaded.name.clone()
    } else {
        loaded.map.meta.title.clone()
    }
}

/// Where unsaved notes are offered to go when their own file cannot be written: the home
/// folder (or the temporary folder).
fn rescue_path() -> PathBuf {
    let folder = directories::UserDirs::new()
        .map_or_else(std::env::temp_dir, |dirs| dirs.home_dir().to_path_buf());
    rescue_path_in(&folder)
}

/// A new file's name in `folder` with the time and this process's id in it: argscopes that
/// rescue their notes in the same second never share one, and none is there already.
fn rescue_path_in(folder: &std::path::Path) -> PathBuf {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = format!("argscope-notes-{seconds}-{}", std::process::id());
    let mut path = folder.join(format!("{name}.json"));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = folder.join(format!("{name}-{n}.json"));
    }
    path
}

/// The built-in map's notes file, in the data folder.
const BUILTIN_NOTES: &str = "iran-russia";

fn load(map: &MapFile) -> Result<Loaded> {
    let mut loaded = match &map.file {
        Some(path) => load::from_path_as(path, map.from)?,
        None => load::builtin(),
    };
    // Every importer's text is cleaned as it is read; the map's header is cleaned here too, in
    // case an importer set it after building the map.
    loaded.map.meta.sanitize();
    Ok(loaded)
}

/// Says when a map is written as argscope JSON deeper than argscope reads it back, and what
/// keeps it whole: the file is still written.
fn mention_too_deep(loaded: &Loaded) {
    let deepest = (loaded.map.preorder_with_depth())
        .map(|(_, depth)| depth)
        .max()
        .unwrap_or(0);
    if deepest > native::DEEPEST_READ {
        say(&format!(
            "argscope: warning: this map is {deepest} levels deep and argscope reads argscope JSON only {} deep, so the file written will not open again; `--format argdown` or `--format opml` keep any depth",
            native::DEEPEST_READ
        ));
    }
}

/// Says what the format written has no place for, when the map has some: nothing a map holds
/// is dropped unsaid. The file is still written.
fn mention_left_out(format: ExportFormat, map: &argscope::model::ArgMap) {
    let left_out = match format {
        ExportFormat::Argdown => left_out::argdown(map),
        ExportFormat::Opml => left_out::opml(map),
        ExportFormat::Kialo => left_out::kialo(map),
        // argscope JSON holds everything; a handout and a graph are pictures of the map.
        _ => return,
    };
    if let Some(warning) = left_out.warning(map) {
        say(&format!("argscope: warning: {}", shown(&warning)));
    }
}

/// Says on standard error that the map has problems, when it has, with the `check` command that
/// lists them. Only when one means part of the file could not be read does it say that what
/// `print` and `export` write may miss part of it; a quote not found or a long label does not.
fn mention_problems(loaded: &Loaded) {
    let found = argscope::model::problem::count(&loaded.problems);
    if found == 0 {
        return;
    }
    let name = shown(&loaded.name);
    let what = if loaded
        .problems
        .iter()
        .any(argscope::model::Problem::incomplete)
    {
        format!(
            "{found} problem{}, so what is written may miss part of it",
            plural(found)
        )
    } else {
        format!("{found} warning{}", plural(found))
    };
    say(&format!(
        "argscope: {name} has {what}; `argscope check {name}` lists {}",
        if found == 1 { "it" } else { "them" }
    ));
}

/// What an export reads, which it must never write over.
struct ExportInputs<'a> {
    /// The map file (none for the built-in map).
    map: Option<&'a Path>,
    /// The document the map's quotes come from, when the map names one beside it.
    source: Option<PathBuf>,
    /// `--notes`, alone or with the file it names.
    notes: Option<&'a Option<PathBuf>>,
}

/// The source document a map file names, where argscope looks for it: beside the map.
fn source_document(file: Option<&Path>, map: &argscope::model::ArgMap) -> Option<PathBuf> {
    load::source_document_in(folder_of(file?), map)
}

/// The folder a file named on the command line is in (`""`, the current one, for a bare name).
fn folder_of(file: &Path) -> &Path {
    file.parent().unwrap_or(Path::new(""))
}

/// Refuses an export to a folder: the file meant goes in it.
fn refuse_a_folder(output: &Path, inputs: &ExportInputs, format: ExportFormat) -> Result<()> {
    if output.is_dir() {
        anyhow::bail!(
            "-o {} is a folder, and an export is written to a file; give -o a file in it, such as {}",
            output.display(),
            suggested_output(output, inputs, format).display()
        );
    }
    Ok(())
}

/// A file in `folder` to suggest for `-o`: named after the map and the format, and never the
/// map or its source document.
fn suggested_output(folder: &Path, inputs: &ExportInputs, format: ExportFormat) -> PathBuf {
    let stem = (inputs.map)
        .and_then(Path::file_stem)
        .map_or("map".into(), |stem| stem.to_string_lossy());
    let name = format!("{stem}.{}", format.extension());
    let read = |path: &Path| {
        let source = inputs.source.as_deref();
        [inputs.map, source]
            .into_iter()
            .flatten()
            .any(|input| store::same_file(path, input))
    };
    if read(&folder.join(&name)) {
        folder.join(format!("{stem}-exported.{}", format.extension()))
    } else {
        folder.join(name)
    }
}

/// Refuses an export to `output` that would write over what the export reads: the map, its
/// source document, or the notes kept for it (the usual notes file, or the one `--notes`
/// names).
fn refuse_writing_over_inputs(
    output: &Path,
    inputs: &ExportInputs,
    format: ExportFormat,
) -> Result<()> {
    let beside = folder_of(output);
    let instead = || {
        suggested_output(beside, inputs, format)
            .display()
            .to_string()
    };
    if let Some(map) = inputs.map
        && store::same_file(output, map)
    {
        anyhow::bail!(
            "-o {} is the map being exported{}, and writing it would replace the map; give -o another file, such as {}",
            output.display(),
            another_name(output, map),
            instead()
        );
    }
    if let Some(source) = &inputs.source
        && store::same_file(output, source)
    {
        anyhow::bail!(
            "-o {} is the source document of this map{}, and writing it would replace the text its quotes come from; give -o another file, such as {}",
            output.display(),
            another_name(output, source),
            instead()
        );
    }
    let usual_notes = store::default_path(inputs.map, BUILTIN_NOTES);
    let named_notes = inputs.notes.cloned().flatten();
    let notes_files = [usual_notes, named_notes];
    if let Some(notes) = notes_files
        .iter()
        .flatten()
        .find(|notes| store::same_file(output, notes))
    {
        anyhow::bail!(
            "-o {} is the notes file of this map{}, and writing it would replace the seminar's notes; give -o another file, such as {}",
            output.display(),
            another_name(output, notes),
            instead()
        );
    }
    // The files kept beside the notes: the lock (replaced, a second argscope would open the
    // notes writable too), the unfinished notes, the previous version, and a save's temporaries.
    for notes in notes_files.iter().flatten() {
        let kept = [
            (
                store::lock_path(notes),
                "the lock that keeps a second argscope from writing its notes",
            ),
            (
                store::drafts_path(notes),
                "where the notes left unfinished are kept",
            ),
            (
                store::backup_path(notes),
                "the previous version of its notes",
            ),
        ];
        let found = kept
            .iter()
            .find(|(path, _)| store::same_file(output, path))
            .map(|(_, what)| *what)
            .or_else(|| is_notes_temporary(output, notes).then_some("a notes save in progress"));
        if let Some(what) = found {
            anyhow::bail!(
                "-o {} is {what} for this map, and writing it would harm the seminar's notes; give -o another file, such as {}",
                output.display(),
                instead()
            );
        }
    }
    // Another map's notes, or notes named with --notes in another session. Only a file is
    // read to tell: opened for reading, a pipe (`-o /dev/stdout | wc`) would wait for ever.
    let a_file = std::fs::metadata(output).is_ok_and(|meta| meta.is_file());
    if a_file && store::is_notes_file(output) {
        anyhow::bail!(
            "-o {} holds seminar notes (it begins with \"argscope_notes\"), and writing it would replace them; give -o another file, such as {}",
            output.display(),
            instead()
        );
    }
    Ok(())
}

/// Whether `output` is in the folder of `notes` and named as a save of them names its temporary
/// files (`X.notes.json.tmp-…`, `.bak.tmp-…`, `.draft.tmp-…`, shortened for a long name).
fn is_notes_temporary(output: &Path, notes: &Path) -> bool {
    let (Some(name), Some(notes_name)) = (output.file_name(), notes.file_name()) else {
        return false;
    };
    let temporary = store::is_temporary_name(&name.to_string_lossy(), Path::new(notes_name));
    temporary && store::same_file(&folder_of(output).join(notes_name), notes)
}

/// What to add when `output` is `input` under a name of its own (a hard link: neither path
/// leads to the other), which the user may have taken for a copy; nothing when one path leads
/// to the other.
fn another_name(output: &Path, input: &Path) -> &'static str {
    match (std::fs::canonicalize(output), std::fs::canonicalize(input)) {
        (Ok(output), Ok(input)) if output != input => {
            " under another name (a hard link to it, not a copy)"
        }
        _ => "",
    }
}

/// Writes the built-in map's article at `article`, where the map exported beside it looks for
/// it, when no file is there, so that the map opens with its quotes anchored; says so, or why
/// not. Never writes over a file.
fn put_the_builtin_article(article: Option<&Path>) {
    let Some(article) = article else {
        return;
    };
    let shown_path = shown(&article.display().to_string());
    // Created only where nothing is: a file there, even one made a moment ago, stays as it is.
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(article)
        .and_then(|mut file| {
            let written = file.write_all(load::BUILTIN_ARTICLE.as_bytes());
            // A part of the article (a full disk) would later read as some other file.
            if written.is_err() {
                let _ = std::fs::remove_file(article);
            }
            written
        });
    match created {
        Ok(()) => say(&format!(
            "argscope: wrote the article the map quotes beside it, as {shown_path}, so its quotes stay anchored"
        )),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            // The size first: a large file of that name is not read to learn it differs.
            let same = std::fs::metadata(article)
                .is_ok_and(|there| there.len() == load::BUILTIN_ARTICLE.len() as u64)
                && std::fs::read(article)
                    .is_ok_and(|there| there == load::BUILTIN_ARTICLE.as_bytes());
            if !same {
                say(&format!(
                    "argscope: warning: {shown_path} is not the article the map quotes, so its quotes will show as not found; move that file, or export into another folder"
                ));
            }
        }
        Err(error) => say(&format!(
            "argscope: warning: cannot write the article the map quotes as {shown_path}: {}; its quotes will show as unverified",
            load::io_reason(&error)
        )),
    }
}

/// Writes an export to `path` whole or not at all (see [`argscope::atomic`]): what `write`
/// writes goes to a temporary file beside it, renamed into place once whole, so a failed export
/// (a full disk) leaves the file that was there as it was, and says so. A device or a named
/// pipe (`-o /dev/null`) is written as it is: it cannot be replaced, and holds no file to lose.
fn write_export(
    path: &Path,
    device: Option<std::fs::File>,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    if let Some(mut device) = device {
        return match write(&mut device).and_then(|()| device.flush()) {
            // A pipe whose reader stopped (`-o /dev/stdout | head`) is not an error.
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map_err(|error| cannot_write(path, &error, "")),
        };
    }
    let there = std::fs::metadata(path).ok();
    // Written in place, a file made read-only could not be written; renamed over, it would
    // be, so its permissions are asked first.
    if there
        .as_ref()
        .is_some_and(|meta| meta.permissions().readonly())
    {
        anyhow::bail!(
            "cannot write {}: it is read-only, so it is left as it was; make it writable (chmod u+w), or give -o another file",
            path.display()
        );
    }
    let existed = there.is_some();
    remove_unfinished_on_signal();
    argscope::atomic::write_atomically_with(
        path,
        false,
        argscope::atomic::Durability::Unsynced,
        None,
        write,
    )
    .map_err(|(step, error)| {
        let name = path.display();
        let left = match (step.left_the_file(), existed) {
            (true, true) => format!("; {name} is left as it was"),
            (true, false) => "; nothing was written".to_string(),
            (false, _) => format!("; {name} is written, but the disk may not hold it yet"),
        };
        cannot_write(path, &error, &left)
    })
}

/// Opens `-o` for writing when it is there and is not a file or a folder (a terminal, a pipe,
/// a named pipe, `/dev/null`): such an output is written as it is, never replaced through a
/// temporary file, and never opened for reading (a pipe's reader would wait for ever).
fn open_device(path: &Path) -> Result<Option<std::fs::File>> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map(Some)
            .map_err(|error| cannot_write(path, &error, "")),
        _ => Ok(None),
    }
}

/// Makes Ctrl-C, a termination signal or a closed terminal take away the temporary file of an
/// export being written before the process ends as the signal ends it: else a stopped export
/// leaves `OUT.tmp-<pid>`, as large as the export, beside OUT.
fn remove_unfinished_on_signal() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                argscope::atomic::remove_unfinished();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    }
}

/// Why an export could not be written, what that left (`left`, after a semicolon, or nothing),
/// and the fix that fits the reason: a full disk is not mended by checking that the folder
/// exists.
fn cannot_write(path: &Path, error: &std::io::Error, left: &str) -> anyhow::Error {
    use std::io::ErrorKind;
    let fix = match error.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "free some space there, or give -o a file on another disk"
        }
        ErrorKind::FileTooLarge => "give -o a file on a disk that holds files this large",
        ErrorKind::InvalidFilename => "give -o a shorter file name",
        ErrorKind::NotFound => "check that the folder exists",
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "check that the folder is writable, or give -o a file in one that is"
        }
        _ => "check that the folder exists and is writable",
    };
    anyhow::anyhow!(
        "cannot write {}: {}{left}; {fix}",
        path.display(),
        load::io_reason(error)
    )
}

/// Leaves a map the process is done with to the operating system, which takes it back at
/// exit at once: freeing a million nodes one by one costs a twentieth of loading them.
fn exit_without_freeing(loaded: load::Loaded) {
    std::mem::forget(loaded);
}

/// `check`: every problem on its own line and exit 1, or the summary and exit 0.
fn run_check(map: &MapFile) -> ExitCode {
    let file = map.file.as_deref();
    let loaded = match file {
        Some(path) => load::from_path_as(path, map.from),
        None => Ok(load::builtin()),
    };
    match loaded {
        Ok(loaded) if loaded.problems.is_empty() => {
            // The built-in map's path is the project's, not a file the user has.
            let name = if file.is_some() {
                loaded.name.as_str()
            } else {
                "the built-in map"
            };
            let line = check::summarize(&loaded).line(name);
            let written = write_stdout(&format!("{}\n", shown(&line)));
            exit_without_freeing(loaded);
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    say(&format!("argscope: {}", shown(&sentence(&error))));
                    ExitCode::from(1)
                }
            }
        }
        Ok(loaded) => {
            for problem in &loaded.problems {
                say(&shown(&problem.to_string()));
            }
            let found = argscope::model::problem::count(&loaded.problems);
            // Whether the map still holds everything the file says is what decides if the
            // problems can wait, so the count says it.
            let whole = if loaded
                .problems
                .iter()
                .any(argscope::model::Problem::incomplete)
            {
                "the map may miss part of the file"
            } else {
                "the map holds all of the file"
            };
            say(&format!(
                "{}: {found} problem{} found; {whole}",
                shown(&loaded.name),
                plural(found)
            ));
            exit_without_freeing(loaded);
            ExitCode::from(1)
        }
        Err(error) => {
            let problems = match &error {
                LoadError::Invalid(_) => error.problems(),
                other => vec![other.to_string()],
            };
            for problem in &problems {
                say(&shown(problem));
            }
            let name = file.map_or_else(
                || load::BUILTIN_NAME.to_string(),
                |p| p.display().to_string(),
            );
            let refused = match (error.in_content(), problems.len()) {
                (false, _) => "",
                (true, 1) => "; the map does not open until it is fixed",
                (true, _) => "; the map does not open until they are fixed",
            };
            say(&format!(
                "{}: {} problem{} found{refused}",
                shown(&name),
                problems.len(),
                plural(problems.len())
            ));
            ExitCode::from(1)
        }
    }
}

/// A message for the terminal: problems quote the file's own words (a label, an id, a file
/// name), which must not drive the terminal either, so controls show as their stand-ins.
fn shown(message: &str) -> String {
    argscope::text::sanitize(message, false)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Colour when asked, or when writing to a terminal and NO_COLOR is not set.
fn wants_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Writes a line to standard error. A reader that has gone (`argscope check | head`) is no
/// reason to fail, let alone to panic, as `eprintln!` would: the line is then dropped.
fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}").and_then(|()| err.flush());
}

/// Writes to standard output; a closed pipe (`argscope print | head`) is not an error.
fn write_stdout(text: &str) -> Result<()> {
    write_stdout_bytes(text.as_bytes())
}

fn write_stdout_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => {
            let fix = match error.kind() {
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                    "free some space where it goes, or send it to a file on another disk"
                }
                _ => "send it to a file instead (`> FILE`, or `-o FILE` with export)",
            };
            let reason = load::io_reason(&error);
            Err(anyhow::anyhow!(
                "cannot write to standard output: {reason}; {fix}"
            ))
        }
        Ok(()) => Ok(()),
    }
}

/// A defect should still end in one readable sentence, not a backtrace. The interface's own
/// hook restores the terminal before this runs.
fn install_panic_message() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_string());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        say(&format!(
            "argscope: internal error ({what}{place}); this is a bug, please report it with the file you opened"
        ));
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rescue_file_is_named_for_this_process_and_never_one_already_there() {
        let folder = tempfile::TempDir::new().unwrap();
        let first = rescue_path_in(folder.path());
        let name = first.file_name().unwrap().to_string_lossy().to_string();
        assert!(name.starts_with("argscope-notes-"), "{name}");
        assert!(
            name.ends_with(&format!("-{}.json", std::process::id())),
            "{name}"
        );
        std::fs::write(&first, "{}").unwrap();
        let second = rescue_path_in(folder.path());
        assert_ne!(first, second);
        assert!(!second.exists());
    }
}
