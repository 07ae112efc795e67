//! User templates, one non-secret JSON file each in `<config dir>/jwtpad/templates/`, and the
//! built-in ones, which cannot be replaced or removed. A template never holds a token or a
//! secret: only a header and a payload with placeholders, and names.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use rust_i18n::t;

use crate::engine::template::{self, Template, TemplateError};

/// Why the template folder cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreProblem {
    /// The template itself (name, placeholders, not found, built-in).
    Template(TemplateError),
    /// A user template of that name exists and replacing it was not asked for.
    Exists(String),
    /// No configuration directory (no $HOME).
    NoConfigDir,
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The system's words.
        error: String,
    },
    /// A file in the folder is not a template.
    Damaged {
        /// The file.
        path: PathBuf,
        /// Why.
        error: TemplateError,
    },
}

impl StoreProblem {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreProblem::Template(e) => e.code(),
            StoreProblem::Exists(_) => "template-exists",
            StoreProblem::NoConfigDir => "settings-unusable",
            StoreProblem::Io { .. } => "template-io",
            StoreProblem::Damaged { .. } => "template-damaged",
        }
    }
}

impl std::error::Error for StoreProblem {}

impl From<TemplateError> for StoreProblem {
    fn from(e: TemplateError) -> Self {
        StoreProblem::Template(e)
    }
}

impl std::fmt::Display for StoreProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            StoreProblem::Template(e) => e.to_string().into(),
            StoreProblem::Exists(name) => t!("template.store.exists", name = name),
            StoreProblem::NoConfigDir => t!("profiles.no_config_dir"),
            StoreProblem::Io { path, error } => {
                t!("template.store.io", path = path.display(), error = error)
            }
            StoreProblem::Damaged { path, error } => {
                t!(
                    "template.store.damaged",
                    path = path.display(),
                    error = error
                )
            }
        })
    }
}

/// The default folder: `<config dir>/jwtpad/templates`.
pub fn default_dir() -> Result<PathBuf, StoreProblem> {
    dirs::config_dir()
        .map(|d| d.join("jwtpad").join("templates"))
        .ok_or(StoreProblem::NoConfigDir)
}

/// A template as listed: where it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// The template.
    pub template: Template,
    /// Built into jwtpad (read-only).
    pub builtin: bool,
}

/// The templates in one folder, plus the built-in ones.
#[derive(Debug, Clone)]
pub struct TemplateStore {
    dir: PathBuf,
}

impl TemplateStore {
    /// The store in `dir` (created when the first template is saved).
    pub fn new(dir: PathBuf) -> Self {
        TemplateStore { dir }
    }

    /// The store in the default folder.
    pub fn open_default() -> Result<Self, StoreProblem> {
        default_dir().map(TemplateStore::new)
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    /// Built-ins first, then user templates by name; files that do not read are returned
    /// apart, named, so one damaged file hides nothing else.
    pub fn list(&self) -> (Vec<Listed>, Vec<StoreProblem>) {
        let mut listed: Vec<Listed> = template::builtins()
            .into_iter()
            .map(|template| Listed {
                template,
                builtin: true,
            })
            .collect();
        let mut problems = Vec::new();
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (listed, problems),
            Err(e) => {
                problems.push(StoreProblem::Io {
                    path: self.dir.clone(),
                    error: e.to_string(),
                });
                return (listed, problems);
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for path in paths {
            match read(&path) {
                Ok(t) if template::is_builtin(&t.name) => {}
                Ok(template) => listed.push(Listed {
                    template,
                    builtin: false,
                }),
                Err(e) => problems.push(e),
            }
        }
        (listed, problems)
    }

    /// The template named `name`: a built-in, or the user's.
    pub fn get(&self, name: &str) -> Result<Listed, StoreProblem> {
        if let Some(template) = Template::builtin(name) {
            return Ok(Listed {
                template,
                builtin: true,
            });
        }
        template::validate_name(name)?;
        let path = self.path(name);
        if !path.exists() {
            return Err(TemplateError::NotFound(name.to_owned()).into());
        }
        let mut template = read(&path)?;
        // The file's name is the template's: a copied file answers to where it is.
        template.name = name.to_owned();
        Ok(Listed {
            template,
            builtin: false,
        })
    }

    /// Saves a user template; `replace` allows overwriting one of the same name. Its
    /// placeholders are checked first, so a saved template always compiles.
    pub fn save(&self, template: &Template, replace: bool) -> Result<PathBuf, StoreProblem> {
        template::validate_name(&template.name)?;
        if template::is_builtin(&template.name) {
            return Err(TemplateError::BuiltinReadOnly(template.name.clone()).into());
        }
        template.compile()?;
        let path = self.path(&template.name);
        if !replace && path.exists() {
            return Err(StoreProblem::Exists(template.name.clone()));
        }
        let io = |e: std::io::Error| StoreProblem::Io {
            path: path.clone(),
            error: e.to_string(),
        };
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        let mut text = template.to_json();
        text.push('\n');
        // Written aside and renamed, so a crash never leaves half a template.
        let tmp = path.with_extension("json.tmp");
        {
            let mut file = std::fs::File::create(&tmp).map_err(io)?;
            file.write_all(text.as_bytes()).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        std::fs::rename(&tmp, &path).map_err(io)?;
        Ok(path)
    }

    /// Removes a user template.
    pub fn remove(&self, name: &str) -> Result<(), StoreProblem> {
        if template::is_builtin(name) {
            return Err(TemplateError::BuiltinReadOnly(name.to_owned()).into());
        }
        template::validate_name(name)?;
        let path = self.path(name);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(TemplateError::NotFound(name.to_owned()).into())
            }
            Err(e) => Err(StoreProblem::Io {
                path,
                error: e.to_string(),
            }),
        }
    }
}

fn read(path: &Path) -> Result<Template, StoreProblem> {
    let text = std::fs::read_to_string(path).map_err(|e| StoreProblem::Io {
        path: path.to_owned(),
        error: e.to_string(),
    })?;
    Template::from_json(&text).map_err(|error| StoreProblem::Damaged {
        path: path.to_owned(),
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::template::CAF_SMART_AUTH;
    use serde_json::{Map, json};

    fn mine(name: &str) -> Template {
        let payload = match json!({"sub": "{{uuid}}", "n": "{{seq}}"}) {
            serde_json::Value::Object(m) => m,
            _ => unreachable!(),
        };
        Template::new(name, Map::new(), payload)
    }

    #[test]
    fn save_list_get_remove_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = TemplateStore::new(dir.path().join("templates"));
        let (listed, problems) = store.list();
        assert!(problems.is_empty());
        assert_eq!(listed.len(), 1);
        assert!(listed[0].builtin);

        let t = mine("load-test");
        store.save(&t, false).unwrap();
        assert_eq!(store.get("load-test").unwrap().template, t);
        assert!(!store.get("load-test").unwrap().builtin);
        assert_eq!(store.save(&t, false).unwrap_err().code(), "template-exists");
        store.save(&t, true).unwrap();
        let names: Vec<_> = store
            .list()
            .0
            .into_iter()
            .map(|l| l.template.name)
            .collect();
        assert_eq!(names, [CAF_SMART_AUTH, "load-test"]);

        store.remove("load-test").unwrap();
        assert_eq!(
            store.get("load-test").unwrap_err().code(),
            "template-not-found"
        );
        assert_eq!(
            store.remove("load-test").unwrap_err().code(),
            "template-not-found"
        );
    }

    #[test]
    fn builtins_are_read_only_and_bad_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = TemplateStore::new(dir.path().to_owned());
        let caf = store.get(CAF_SMART_AUTH).unwrap();
        assert!(caf.builtin);
        assert_eq!(
            store.save(&caf.template, true).unwrap_err().code(),
            "template-builtin-read-only"
        );
        assert_eq!(
            store.remove(CAF_SMART_AUTH).unwrap_err().code(),
            "template-builtin-read-only"
        );
        assert_eq!(
            store.save(&mine("../x"), false).unwrap_err().code(),
            "template-name-invalid"
        );
        let mut bad = mine("bad");
        bad.payload.insert("x".into(), json!("{{nope}}"));
        assert_eq!(
            store.save(&bad, false).unwrap_err().code(),
            "template-placeholder-unknown"
        );

        std::fs::write(dir.path().join("broken.json"), "{not json").unwrap();
        store.save(&mine("fine"), false).unwrap();
        let (listed, problems) = store.list();
        assert_eq!(listed.len(), 2);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code(), "template-damaged");
        assert!(problems[0].to_string().contains("broken.json"));
    }
}
