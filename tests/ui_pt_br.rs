//! The window in Brazilian Portuguese, driven by its Portuguese labels. A process of its own:
//! the language is process-wide, and the English tests in `it/ui.rs` run in parallel.

// This binary needs only the window helpers of the shared module.
#[allow(dead_code)]
mod shared;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jwtpad::app::worker::Backend;
use jwtpad::app::{JwtpadApp, LanguageChoice, Settings};
use jwtpad::secrets::MemoryStore;
use shared::JWTIO;
use shared::window_kit::{SIZE, app_with, harness_of, memory_backend, type_into, window_with};
use std::sync::Arc;

const NOW: i64 = 1_700_000_000;

fn window(language: LanguageChoice) -> Harness<'static, JwtpadApp> {
    window_with(Settings {
        language,
        ..Settings::default()
    })
}

/// A window tall enough to show the whole test-data panel.
fn tall_window(language: LanguageChoice) -> Harness<'static, JwtpadApp> {
    let settings = Settings {
        language,
        ..Settings::default()
    };
    harness_of(app_with(settings, memory_backend()), [1280.0, 4000.0])
}

fn start(settings: Settings, backend: Backend) -> Harness<'static, JwtpadApp> {
    harness_of(app_with(settings, backend), SIZE)
}

// One test: the two halves would race over the process-wide language.
#[test]
fn the_window_speaks_portuguese_from_the_start_and_after_a_switch() {
    let mut harness = window(LanguageChoice::Portuguese);
    harness.get_by_label("Token codificado");
    harness.get_by_label("Não verificado: sem chave");
    // Engine messages too: a wrong secret, then broken JSON.
    type_into(&mut harness, "Token codificado", JWTIO);
    type_into(
        &mut harness,
        "Segredo",
        "um-segredo-qualquer-com-mais-de-32-bytes",
    );
    harness.get_by_label("Assinatura inválida");
    type_into(
        &mut harness,
        "JSON do payload",
        "{\n  \"sub\": \"42\",\n  \"exp\": \n}",
    );
    harness.get_by_label("Linha 4, coluna 1: esperava um valor");
    harness.get_by_label("O token acima é o último válido.");
    harness.get_by_label("Copiar token expirado");
    // An edit of the pasted token is listed under "Alterações", and the report is copied in
    // the window's language.
    type_into(
        &mut harness,
        "JSON do payload",
        r#"{"sub":"1234567890","name":"John Doe","iat":1516239022,"exp":1516240000}"#,
    );
    harness.get_by_label("Alterações");
    harness.get_by_label("adicionado");
    harness.get_by_label("Payload /exp");
    harness.get_by_label("Copiar relatório").click();
    harness.step();
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1, "{copied:?}");
    assert!(
        copied[0].starts_with("Relatório do token · impressão digital "),
        "{}",
        copied[0]
    );
    assert!(copied[0].contains("\nMascarado: /name"), "{}", copied[0]);
    harness.run();
    harness.get_by_label_contains("Relatório copiado");
    // The copy is cleared after the delay, said in Portuguese; the picker speaks it too.
    harness.get_by_label("· some da área de transferência em 60 s");
    harness.get_by_label("Apagar cópia").click();
    harness.run();
    harness.get_by_label("após 2 min").click();
    harness.run();
    harness.get_by_label("Copiar token").click();
    harness.run();
    harness.get_by_label("Token copiado");
    harness.get_by_label("· some da área de transferência em 120 s");
    let shown = harness.get_by_label("Apagar cópia").value();
    assert_eq!(shown.as_deref(), Some("após 2 min"));
    // A verify-only profile: the refusal of a private key and the key list, in Portuguese.
    harness.get_by_label("Adicionar perfil…").click();
    harness.run();
    harness
        .get_by_label("Chaves públicas (só verificação)")
        .click();
    harness.run();
    let keys = "Chaves públicas (PEM, certificado, JWK ou JWKS)";
    let private = shared::fixtures::read_to_string("keys/ec-p256.private.jwk.json");
    type_into(&mut harness, keys, &private);
    harness.get_by_label_contains("um segredo seria gravado no disco");
    let jwks = shared::fixtures::read_to_string("keys/issuer.jwks.json");
    type_into(&mut harness, keys, &jwks);
    harness.get_by_label("2 chave(s) pública(s):");
    harness.get_by_label_contains("chave EC P-256 pública (kid \"ec-2026\")");
    harness.get_by_label("Cancelar").click();
    harness.run();
    // Several tokens in one paste, listed by where each was found; then a partial token.
    let unsigned = "eyJhbGciOiJub25lIn0.e30.";
    let response = format!("{{\"access_token\":\"{JWTIO}\",\"id_token\":\"{unsigned}\"}}");
    type_into(&mut harness, "Token codificado", &response);
    harness.get_by_label("2 tokens encontrados:");
    harness.get_by_label("2 · membro JSON \"id_token\"").click();
    harness.run();
    assert_eq!(harness.state().workbench().token(), unsigned);
    let two = JWTIO.rsplit_once('.').unwrap().0;
    type_into(&mut harness, "Token codificado", two);
    harness.get_by_label(
        "Falta o segmento da assinatura: os editores mostram o que decodifica (não verificado)",
    );
    drop(harness);

    check_at_in_portuguese(window(LanguageChoice::Portuguese));
    suite_panel_in_portuguese(tall_window(LanguageChoice::Portuguese));
    generate_key_in_portuguese(window(LanguageChoice::Portuguese));
    templates_in_portuguese();
    demo_in_portuguese();

    // Started in English, switched from the picker: labels and the verdict follow at once.
    let mut harness = window(LanguageChoice::English);
    harness.get_by_label("Encoded token");
    harness.get_by_label("Not verified: no key");
    let id = |harness: &Harness<'static, JwtpadApp>, label: &str| {
        use egui_kittest::kittest::NodeT as _;
        harness.get_by_label(label).accesskit_node().id()
    };
    let before = [
        id(&harness, "Language"),
        id(&harness, "Theme"),
        id(&harness, "Key source"),
        id(&harness, "Algorithm"),
    ];
    harness.get_by_label("Language").click();
    harness.run();
    harness.get_by_label("Português (Brasil)").click();
    harness.run();
    // Drop-downs keep their ids when their labels change language (no id from text).
    let after = [
        id(&harness, "Idioma"),
        id(&harness, "Tema"),
        id(&harness, "Origem da chave"),
        id(&harness, "Algoritmo"),
    ];
    assert_eq!(before, after, "drop-down ids follow the language");
    harness.get_by_label("Token codificado");
    harness.get_by_label("Não verificado: sem chave");
    harness.get_by_label_contains("expira em 15 min");
    harness.get_by_label("Emissor: quem gerou o token (muitas vezes o clientId)");
    assert_eq!(
        harness.state().settings().language,
        LanguageChoice::Portuguese,
        "the choice is saved"
    );
    drop(harness);

    // A profile key in use while the language switches: the verdict, the key's name and
    // the engine's warnings follow, and the key stays in use (nothing is fetched again).
    let secret = "a-string-secret-at-least-256-bits-long";
    let dir = tempfile::tempdir().unwrap().keep();
    let path = dir.join("profiles.json");
    let store = Arc::new(MemoryStore::default());
    jwtpad::profiles::Profiles::new(path.clone(), store.as_ref())
        .add(
            jwtpad::profiles::Profile {
                name: "Caf beta".into(),
                env: Some("beta".into()),
                client_id: Some("cid".into()),
                alg: "HS256".into(),
                key_kind: jwtpad::profiles::KeyKind::HmacText,
                public_key: None,
                account: String::new(),
            },
            &jwtpad::engine::Secret::new(secret.as_bytes().to_vec()),
        )
        .unwrap();
    let settings = Settings {
        language: LanguageChoice::English,
        last_profile: Some("Caf beta".into()),
        ..Settings::default()
    };
    let mut harness = start(settings, Backend::Memory(path, store.clone()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while harness.state().workbench().key().keys.is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "the profile's key came"
        );
        harness.run();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Signed with the profile's key, with no exp and a personId that is not a CPF.
    let key = jwtpad::engine::Key::hmac(jwtpad::engine::Secret::new(secret.as_bytes().to_vec()));
    let token = jwtpad::engine::sign_json(
        "{}",
        r#"{"iss":"cid","personId":"52998224724"}"#,
        jwtpad::engine::Alg::HS256,
        Some(&key),
    )
    .unwrap()
    .token;
    type_into(&mut harness, "Encoded token", &token);
    harness.get_by_label("Signature verified · profile Caf beta (beta)");
    harness.get_by_label("• no \"exp\" claim: the token never expires");
    // The profile's secret is deleted from the store: were the switch to fetch it again, the
    // key would be gone and the verdict "no key".
    let account = jwtpad::profiles::Profiles::new(dir.join("profiles.json"), store.as_ref())
        .get("Caf beta")
        .unwrap()
        .account;
    jwtpad::secrets::SecretStore::delete(store.as_ref(), &account).unwrap();
    harness.get_by_label("Language").click();
    harness.run();
    harness.get_by_label("Português (Brasil)").click();
    harness.run();
    harness.get_by_label("Assinatura verificada · perfil Caf beta (beta)");
    harness.get_by_label_contains("• personId não é um CPF válido");
    harness.get_by_label_contains("• sem claim \"exp\"");
}

/// "Verificar em": a moment in São Paulo after `exp`, the marker in Portuguese, a DST gap's
/// message in Portuguese, and back to now.
fn check_at_in_portuguese(mut harness: Harness<'static, JwtpadApp>) {
    type_into(
        &mut harness,
        "Segredo",
        "a-string-secret-at-least-256-bits-long",
    );
    type_into(
        &mut harness,
        "JSON do payload",
        &format!(r#"{{"sub":"1","exp":{}}}"#, NOW + 900),
    );
    harness.get_by_label_contains("expira em 15 min");
    harness.get_by_label("Fuso horário").click();
    harness.run();
    type_into(&mut harness, "Buscar fusos", "sao paulo");
    harness.get_by_label("America/Sao_Paulo").click();
    harness.run();
    // 2018-11-04 00:30 never happened in São Paulo (summer time began at midnight).
    type_into(&mut harness, "Verificar em", "2018-11-04 00:30");
    harness.get_by_label("Aplicar").click();
    harness.run();
    harness.get_by_label_contains("não existe em America/Sao_Paulo");
    type_into(&mut harness, "Verificar em", "2023-11-14 19:40");
    harness.get_by_label("Aplicar").click();
    harness.run();
    harness.get_by_label_contains(
        "Não é agora: verificado em 2023-11-14 19:40:00 -03:00 (America/Sao_Paulo)",
    );
    harness.get_by_label("expirou há 11 min · 2023-11-14 19:28:20 -03:00 · 22:28:20 UTC");
    harness.get_by_label("Voltar para agora").click();
    harness.run();
    assert_eq!(harness.state().checked_at(), None);
    harness.get_by_label_contains("Agora, ao vivo · horários em America/Sao_Paulo");
    harness.get_by_label_contains("expira em 15 min");
}

/// The suite panel in Portuguese (part of the one test above: the language is process-wide).
fn suite_panel_in_portuguese(mut harness: Harness<'static, JwtpadApp>) {
    type_into(
        &mut harness,
        "Segredo",
        "a-string-secret-at-least-256-bits-long",
    );
    harness.get_by_label("Gerar suíte").click();
    harness.run();
    for category in [
        "Controles (devem ser aceitos) (3)",
        "Assinatura e chaves (16)",
        "Claims de tempo (8)",
        "Estrutura (5)",
    ] {
        harness.get_by_label(category);
    }
    harness.get_by_label("Exportar suíte…").click();
    harness.run();
    harness.get_by_label("Salvar").click();
    harness.run();
    harness.get_by_label("Digite primeiro o arquivo a gravar.");
}

/// "Gerar chave" in the Add-profile dialog, then the public half copied ("Copiar JWK
/// pública"), in Portuguese.
fn generate_key_in_portuguese(mut harness: Harness<'static, JwtpadApp>) {
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        jwtpad::app::Action::SetAlg(jwtpad::engine::Alg::EdDSA),
    );
    harness.run();
    harness.get_by_label("Adicionar perfil…").click();
    harness.run();
    harness.get_by_label_contains("ou gere uma nova chave EdDSA");
    type_into(&mut harness, "Nome", "gerada aqui");
    harness.get_by_label("Gerar chave").click();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while harness.state().workbench().key().keys.is_none() {
        assert!(std::time::Instant::now() < deadline, "no key was made");
        harness.run_steps(2);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    harness.run();
    harness.get_by_label("Copiar JWK pública").click();
    harness.run_steps(1);
    let copied: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(copied.len(), 1);
    assert!(copied[0].contains("\"crv\": \"Ed25519\""), "{}", copied[0]);
    harness.run();
    harness.get_by_label("JWK pública copiada");
    harness.get_by_label("Copiar JWKS");
    harness.get_by_label("Copiar PEM público");
}

/// The templates pane in Portuguese: a bad pick's error and "Salvar como modelo…".
fn templates_in_portuguese() {
    let dir = tempfile::tempdir().unwrap().keep();
    let backend = Backend::Memory(dir.join("profiles.json"), Arc::new(MemoryStore::default()));
    let settings = Settings {
        language: LanguageChoice::Portuguese,
        ..Settings::default()
    };
    let app = app_with(settings, backend).with_templates_dir(dir.join("templates"));
    // Tall enough that the pane under "Dados de teste" is in view.
    let mut harness = harness_of(app, [1280.0, 2000.0]);
    harness.get_by_label("Modelos");
    harness.get_by_label("caf-smart-auth").click();
    harness.run();
    harness.get_by_label_contains("precisa de um clientId: escolha um perfil que tenha um");
    harness.get_by_label("Conferido com o modelo caf-smart-auth");
    harness.get_by_label("Salvar como modelo…").click();
    harness.run();
    type_into(&mut harness, "Nome do modelo", "meu-modelo");
    harness.get_by_label("Salvar modelo").click();
    harness.run();
    harness.get_by_label("Modelo meu-modelo salvo");
    harness.get_by_label("meu-modelo");

    // "Como este token é feito": the three parts in Portuguese, and hovering an editor.
    let mut explained = window(LanguageChoice::Portuguese);
    type_into(&mut explained, "Token codificado", JWTIO);
    explained.get_by_label("Como este token é feito").click();
    explained.run();
    explained.get_by_label("Header = base64url(JSON do header)");
    explained.get_by_label("Payload = base64url(JSON do payload)");
    explained.get_by_label("Assinatura = HMAC-SHA256(segredo, header \".\" payload)");
    explained.get_by_label("não conferida: sem chave para verificar");
    explained.get_by_label_contains("é uma codificação, não criptografia");
    explained.get_by_label("JSON do payload").hover();
    explained.run();
    assert_eq!(
        explained.state().hovered_part(),
        Some(jwtpad::engine::Part::Payload)
    );
}

/// Demo mode in Portuguese: the toggle, the strip, the masked payload's note, an undone edit,
/// "Revelar para editar" and the question before leaving.
fn demo_in_portuguese() {
    let dir = tempfile::tempdir().unwrap().keep();
    let backend = Backend::Memory(dir.join("profiles.json"), Arc::new(MemoryStore::default()));
    let settings = Settings {
        language: LanguageChoice::Portuguese,
        ..Settings::default()
    };
    let mut harness = start(settings, backend);
    harness.get_by_label("Modo demonstração").click();
    harness.run();
    harness.get_by_label("segredos e dados pessoais ocultos");
    let key = jwtpad::engine::Key::hmac(jwtpad::engine::Secret::new(b"s".repeat(32)));
    let token = jwtpad::engine::sign_json(
        r#"{"alg":"HS256"}"#,
        r#"{"iss":"cliente","personId":"529.982.247-25"}"#,
        jwtpad::engine::Alg::HS256,
        Some(&key),
    )
    .unwrap()
    .token;
    type_into(&mut harness, "Token codificado", &token);
    harness.get_by_label("529.***.***-25");
    harness.get_by_label_contains("O modo demonstração mascara os dados pessoais aqui");
    // Into the CPF: undone, and said so.
    harness.get_by_label("JSON do payload").focus();
    harness.run();
    for _ in 0..10 {
        harness.key_press(egui::Key::ArrowUp);
    }
    harness.key_press(egui::Key::ArrowDown);
    harness.key_press(egui::Key::ArrowDown);
    harness.key_press(egui::Key::End);
    harness.key_press(egui::Key::ArrowLeft);
    harness.key_press(egui::Key::ArrowLeft);
    harness.get_by_label("JSON do payload").type_text("0");
    harness.run();
    harness.get_by_label_contains("Essa edição foi desfeita");
    harness.get_by_label("Revelar para editar").click();
    harness.run();
    harness.get_by_label("Os dados pessoais do payload estão visíveis na tela.");
    harness.get_by_label("Ocultar de novo").click();
    harness.run();
    harness.get_by_label("Modo demonstração").click();
    harness.run();
    harness.get_by_label("Sair do modo demonstração?");
    harness.get_by_label("Sair do modo demonstração").click();
    harness.run();
    harness.get_by_label("529.982.247-25");
}
