//! Editing bodies (issue 16): the visual mode changes only the block that
//! was edited, its toolbar makes headings and links that reach the public
//! page, the source mode searches and replaces, and Ctrl+S saves.

use fantoccini::key::Key;
use folio::render::blocks::Blocks;

use crate::harness::{Browser, Server, browser, serve};
use crate::{SEED_A, article};

async fn open_editor(b: &Browser, server: &Server, id: i64) {
    b.goto(server, &format!("/admin/articles/{id}")).await;
    b.wait("html[data-editor-ready]").await;
}

/// Selects `word` inside the `index`th top-level block of the visual
/// editor, as a mouse would.
async fn select_word(b: &Browser, index: usize, word: &str) {
    b.click("#visual-editor .ProseMirror").await;
    let found = b
        .client
        .execute(
            "const block = document.querySelector('#visual-editor .ProseMirror').children[arguments[0]];
             const walk = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
             for (let node = walk.nextNode(); node; node = walk.nextNode()) {
               const at = node.data.indexOf(arguments[1]);
               if (at < 0) continue;
               const range = document.createRange();
               range.setStart(node, at);
               range.setEnd(node, at + arguments[1].length);
               const selection = getSelection();
               selection.removeAllRanges();
               selection.addRange(range);
               return true;
             }
             return false;",
            vec![index.into(), word.into()],
        )
        .await
        .unwrap();
    assert_eq!(
        found,
        serde_json::Value::Bool(true),
        "{word} in block {index}"
    );
    // ProseMirror reads the DOM selection on its next event.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
}

#[tokio::test]
async fn a_one_word_visual_edit_changes_only_its_paragraph_and_ctrl_s_saves_it() {
    let Some(b) =
        browser("a_one_word_visual_edit_changes_only_its_paragraph_and_ctrl_s_saves_it").await
    else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    let (id, _, before, _) = article(&server, SEED_A).await;

    open_editor(&b, &server, id).await;
    assert_eq!(
        b.attr("#editor-modes [data-mode=visual]", "aria-pressed")
            .await,
        "true",
        "an HTML body opens in the visual mode"
    );
    select_word(&b, 2, "角度").await;
    b.keys(&[], "视角").await;
    b.keys(&[Key::Control], "s").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 2）"))
        .await;

    let (_, _, after, _) = article(&server, SEED_A).await;
    let split = Blocks::split(&before);
    let edited = &split.blocks()[2].bytes;
    assert!(split.source_of(&split.blocks()[2]).contains("角度"));
    let tail = before.len() - edited.end;
    assert_eq!(
        after[..edited.start],
        before[..edited.start],
        "the bytes before the edited paragraph"
    );
    assert_eq!(
        after[after.len() - tail..],
        before[edited.end..],
        "the bytes after the edited paragraph"
    );
    let paragraph = &after[edited.start..after.len() - tail];
    assert!(
        paragraph.starts_with("<p") && paragraph.ends_with("</p>"),
        "{paragraph}"
    );
    assert!(
        paragraph.contains("从这样一个视角来看待金融的新进化"),
        "{paragraph}"
    );
    assert!(!paragraph.contains("角度"), "{paragraph}");
}

#[tokio::test]
async fn a_heading_and_a_link_made_with_the_toolbar_reach_the_public_page() {
    let Some(b) = browser("a_heading_and_a_link_made_with_the_toolbar_reach_the_public_page").await
    else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    let (id, _, before, status) = article(&server, SEED_A).await;
    assert_eq!(status, "published");

    open_editor(&b, &server, id).await;
    // A new paragraph after the first, made a heading from the toolbar.
    select_word(&b, 0, "新时代正在来临。").await;
    let (right, enter): (char, char) = (Key::Right.into(), Key::Enter.into());
    b.keys(&[], &format!("{right}{enter}新的小标题")).await;
    b.wait("#block-type")
        .await
        .select_by_value("h2")
        .await
        .unwrap();
    // A link on a word of the next paragraph.
    select_word(&b, 2, "毛细血管").await;
    b.click("#visual-toolbar [data-command=link]").await;
    b.client
        .send_alert_text("https://example.com/capillary")
        .await
        .unwrap();
    b.client.accept_alert().await.unwrap();
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 2）"))
        .await;

    let (_, _, after, _) = article(&server, SEED_A).await;
    assert!(after.contains("<h2>新的小标题</h2>"), "{after}");
    assert!(
        after.contains(r#"<a href="https://example.com/capillary">毛细血管</a>"#),
        "{after}"
    );
    // Only the two blocks changed and one came in: the rest is as it was.
    let kept = Blocks::split(&before);
    let now = Blocks::split(&after);
    assert_eq!(now.blocks().len(), kept.blocks().len() + 1);
    for i in (0..kept.blocks().len()).filter(|&i| i != 1) {
        let j = if i == 0 { 0 } else { i + 1 };
        assert_eq!(
            now.source_of(&now.blocks()[j]),
            kept.source_of(&kept.blocks()[i])
        );
    }

    b.goto(&server, &format!("/articles/{SEED_A}")).await;
    assert_eq!(b.text("article h2").await, "新的小标题");
    assert_eq!(
        b.attr("article a[href='https://example.com/capillary']", "href")
            .await,
        "https://example.com/capillary"
    );
}

#[tokio::test]
async fn the_source_mode_searches_and_replaces() {
    let Some(b) = browser("the_source_mode_searches_and_replaces").await else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    let (id, _, before, _) = article(&server, SEED_A).await;
    let count = before.matches("数字科技").count();
    assert!(count > 3);

    open_editor(&b, &server, id).await;
    b.click("#editor-modes [data-mode=source]").await;
    b.click("#source-editor .cm-content").await;
    b.keys(&[Key::Control], "f").await;
    b.fill("#source-editor .cm-search input[name=search]", "数字科技")
        .await;
    b.fill("#source-editor .cm-search input[name=replace]", "数智科技")
        .await;
    b.click("#source-editor .cm-search button[name=replaceAll]")
        .await;
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 2）"))
        .await;

    let (_, _, after, _) = article(&server, SEED_A).await;
    assert_eq!(after, before.replace("数字科技", "数智科技"));
    // The search panel speaks the editor's language.
    open_editor(&b, &server, id).await;
    b.click("#source-editor .cm-content").await;
    b.keys(&[Key::Control], "f").await;
    assert_eq!(
        b.text("#source-editor .cm-search button[name=replaceAll]")
            .await,
        "全部替换"
    );
}

#[tokio::test]
async fn an_autosave_comes_back_after_the_tab_is_closed() {
    let Some(b) = browser("an_autosave_comes_back_after_the_tab_is_closed").await else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    let (id, ..) = article(&server, SEED_A).await;

    open_editor(&b, &server, id).await;
    // The 30 s of typing, shortened.
    b.client
        .execute(
            "document.getElementById('article-form').dataset.autosaveMs = '300';",
            vec![],
        )
        .await
        .unwrap();
    select_word(&b, 2, "角度").await;
    b.keys(&[], "视角").await;
    b.fill("input[name=title]", "自动保存的标题").await;
    b.text_until("#draft-status", |t| t.starts_with("已于"))
        .await;

    // The tab closes; the editor opens on another machine (no kept draft).
    let old = b.client.window().await.unwrap();
    let fresh = b.client.new_window(true).await.unwrap().handle;
    b.client.switch_to_window(old).await.unwrap();
    b.client.close_window().await.unwrap();
    b.client.switch_to_window(fresh).await.unwrap();
    b.goto(&server, "/admin").await;
    b.client
        .execute("localStorage.clear();", vec![])
        .await
        .unwrap();
    open_editor(&b, &server, id).await;
    let stored_title = article(&server, SEED_A).await.1;
    assert_eq!(b.value("input[name=title]").await, stored_title);
    b.click("#autosave-restore").await;
    assert_eq!(b.value("input[name=title]").await, "自动保存的标题");
    b.text_until("#visual-editor .ProseMirror", |t| {
        t.contains("从这样一个视角来看待")
    })
    .await;
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 2）"))
        .await;
    let (_, title, body, _) = article(&server, SEED_A).await;
    assert_eq!(title, "自动保存的标题");
    assert!(body.contains("从这样一个视角来看待"));
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM autosaves")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(left, 0, "a save clears the slot");
}

#[tokio::test]
async fn a_chinese_title_gets_a_pinyin_slug_before_the_first_save() {
    let Some(b) = browser("a_chinese_title_gets_a_pinyin_slug_before_the_first_save").await else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    b.goto(&server, "/admin/articles/new").await;
    b.wait("html[data-editor-ready]").await;
    b.fill("input[name=title]", "金融科技的底色").await;
    let slug = b
        .client
        .wait()
        .at_most(std::time::Duration::from_secs(10))
        .for_element(fantoccini::Locator::Css(
            "input[name=slug][value], input[name=slug]",
        ))
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while slug.prop("value").await.unwrap().unwrap_or_default() != "jin-rong-ke-ji-de-di-se" {
        assert!(std::time::Instant::now() < deadline, "no slug shown");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    b.type_source("<p>正文</p>").await;
    b.click("#save").await;
    b.text_until("#flash", |t| !t.is_empty()).await;
    let (_, title, body, status) = article(&server, "jin-rong-ke-ji-de-di-se").await;
    assert_eq!(
        (title.as_str(), body.as_str(), status.as_str()),
        ("金融科技的底色", "<p>正文</p>", "draft")
    );
}

#[tokio::test]
async fn a_revision_diff_marks_only_the_changed_word_of_a_long_one_line_body() {
    let Some(b) =
        browser("a_revision_diff_marks_only_the_changed_word_of_a_long_one_line_body").await
    else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    let (id, ..) = article(&server, SEED_A).await;

    // A one-line body of 5,000 characters, saved, then one word changed.
    let sentence = "数字科技时代的来临告诉我们，科技对于金融的影响是深入且全面的。";
    let long: String = (0..170).map(|_| sentence).collect();
    assert!(long.chars().count() > 5_000);
    // (Pasted: typing 5,000 characters key by key takes half a minute.)
    open_editor(&b, &server, id).await;
    b.click("#editor-modes [data-mode=source]").await;
    b.wait("#source-editor .cm-content").await;
    b.client
        .execute(
            "document.getElementById('body').value = arguments[0];",
            vec![format!("<p>{long}</p>").into()],
        )
        .await
        .unwrap();
    b.click("#editor-modes [data-mode=visual]").await;
    b.text_until("#visual-editor .ProseMirror", |t| {
        t.starts_with("数字科技时代")
    })
    .await;
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 2）"))
        .await;
    assert_eq!(article(&server, SEED_A).await.2, format!("<p>{long}</p>"));
    b.wait("html[data-editor-ready]").await;
    let middle = "科技对于金融的影响是深入";
    select_word(&b, 0, middle).await;
    b.keys(&[], "科技对于金融的作用是深入").await;
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 3）"))
        .await;

    b.goto(
        &server,
        &format!("/admin/articles/{id}/revisions/compare?from=2&to=3"),
    )
    .await;
    assert_eq!(
        b.texts("section[data-field=body] .passage-diff del").await,
        ["影响"]
    );
    assert_eq!(
        b.texts("section[data-field=body] .passage-diff ins").await,
        ["作用"]
    );
    let passage = b.text("section[data-field=body] .passage-diff").await;
    assert!(
        passage.chars().count() < 80,
        "the sentence, not the body: {passage}"
    );
    assert!(
        b.texts("section[data-field=body] .passage-diff.markup")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn tags_are_chips_and_categories_come_from_the_tree() {
    let Some(b) = browser("tags_are_chips_and_categories_come_from_the_tree").await else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    let (id, ..) = article(&server, SEED_A).await;
    let (down, enter): (char, char) = (Key::Down.into(), Key::Enter.into());

    // Tags: Chinese and Latin commas both end a tag; an unknown one says so.
    open_editor(&b, &server, id).await;
    b.fill("#tag-input", "金融科技，区块链,").await;
    assert_eq!(
        b.texts("#tag-chips .chip > span:first-child").await,
        ["金融科技", "区块链"]
    );
    assert_eq!(
        b.texts("#tag-chips .chip.new").await.len(),
        2,
        "both are new tags"
    );
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 2）"))
        .await;

    // Known now: typing completes them, and a chip's × removes it.
    b.wait("html[data-editor-ready]").await;
    assert!(b.texts("#tag-chips .chip.new").await.is_empty());
    b.click("#tag-chips .chip:last-child .chip-remove").await;
    b.fill("#tag-input", "区块").await;
    b.text_until("#tag-suggestions", |t| t == "区块链").await;
    b.keys(&[], &format!("{down}{enter}")).await;
    assert_eq!(
        b.texts("#tag-chips .chip > span:first-child").await,
        ["金融科技", "区块链"]
    );

    // Categories: picked from the tree by searching; a typo creates
    // nothing until "create" is pressed.
    b.fill("#category-search", "最新").await;
    b.text_until("#category-tree", |t| {
        t.contains("新媒体 > 人人都是产品经理 > 最新文章")
    })
    .await;
    b.keys(&[], &format!("{down}{enter}")).await;
    b.fill("#category-search", "新闻稿").await;
    b.keys(&[], &enter.to_string()).await;
    assert_eq!(
        b.texts("#category-chips .chip").await.len(),
        2,
        "Enter on a typo adds nothing"
    );
    b.click("#create-category").await;
    assert_eq!(b.texts("#category-chips .chip.new").await.len(), 1);
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 3）"))
        .await;
    b.wait("html[data-editor-ready]").await;
    assert_eq!(
        b.value("#categories").await,
        "新媒体 > 高科技行业门户 > 新闻\n新媒体 > 人人都是产品经理 > 最新文章\n新闻稿"
    );
    assert_eq!(b.value("#tags").await, "金融科技, 区块链");
}

#[tokio::test]
async fn switching_modes_keeps_the_cursors_block_and_the_formatted_view_changes_nothing() {
    let Some(b) =
        browser("switching_modes_keeps_the_cursors_block_and_the_formatted_view_changes_nothing")
            .await
    else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    let (id, _, before, _) = article(&server, SEED_A).await;
    let split = Blocks::split(&before);
    let tenth: String = split
        .source_of(&split.blocks()[10])
        .chars()
        .take(60)
        .collect();

    // The cursor in the tenth paragraph; the source opens there.
    open_editor(&b, &server, id).await;
    let words: String = b
        .client
        .execute(
            "return document.querySelector('#visual-editor .ProseMirror').children[10].textContent.slice(2, 8);",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    select_word(&b, 10, &words).await;
    b.click("#editor-modes [data-mode=source]").await;
    b.wait("#source-editor .cm-content").await;
    let after_cursor = || async {
        b.client
            .execute(
                "const s = getSelection(); const r = document.createRange();
                 r.setStart(s.focusNode, s.focusOffset);
                 r.setEndAfter(document.querySelector('#source-editor .cm-content').lastChild);
                 return r.toString().slice(0, 60);",
                vec![],
            )
            .await
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(after_cursor().await, tenth, "the source opens at the block");

    // One block a line, for reading: the one-line body shows as many lines
    // as it has blocks; saved untouched, the body keeps its bytes.
    // The most paragraphs any shown line of the source starts.
    let most_on_a_line = |b: &Browser| {
        let b = b.client.clone();
        async move {
            b.execute(
                "return Math.max(...[...document.querySelectorAll('#source-editor .cm-line')]
                   .map(l => l.textContent.split('<p ').length - 1));",
                vec![],
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap()
        }
    };
    assert!(most_on_a_line(&b).await >= 20, "the seed is one line");
    b.click("#formatted-view").await;
    b.wait("#formatted-view[aria-pressed=true]").await;
    assert_eq!(most_on_a_line(&b).await, 1, "one block a line");
    b.fill("input[name=title]", "只改了标题").await;
    b.click("#save").await;
    b.text_until("#flash", |t| t.starts_with("已保存（版本 2）"))
        .await;
    let (_, title, after, _) = article(&server, SEED_A).await;
    assert_eq!(title, "只改了标题");
    assert_eq!(after, before, "the formatted view saved nothing of its own");
}

/// A PNG of `width` × `height` in two colours (so it is not trivially small).
fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn an_image_pasted_into_the_body_is_uploaded_and_shown_with_its_sizes() {
    let Some(b) =
        browser("an_image_pasted_into_the_body_is_uploaded_and_shown_with_its_sizes").await
    else {
        return;
    };
    let server = serve().await;
    b.login(&server, "editor").await;
    let (id, _, _, status) = article(&server, SEED_A).await;
    assert_eq!(status, "published");
    open_editor(&b, &server, id).await;
    select_word(&b, 2, "角度").await;

    // A paste of an image file, as the clipboard gives one to the page.
    let bytes: Vec<serde_json::Value> = png(1000, 600).into_iter().map(Into::into).collect();
    b.client
        .execute(
            "const file = new File([new Uint8Array(arguments[0])], '截图.png', { type: 'image/png' });
             const data = new DataTransfer();
             data.items.add(file);
             const paste = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
             document.querySelector('#visual-editor .ProseMirror').dispatchEvent(paste);",
            vec![serde_json::Value::Array(bytes)],
        )
        .await
        .unwrap();
    b.text_until("#upload-status", |t| t.contains("已上传到媒体库"))
        .await;
    b.keys(&[Key::Control], "s").await;
    b.text_until("#flash", |t| t.starts_with("已保存")).await;
    let (_, _, body, _) = article(&server, SEED_A).await;
    let hash: String = sqlx::query_scalar("SELECT hash FROM media WHERE file_name = '截图.png'")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert!(
        body.contains(&format!(r#"<img src="/media/{hash}.png" alt="">"#)),
        "the body holds the uploaded image"
    );

    // Once its copies are made, the public page offers them.
    let copies = std::time::Instant::now();
    while sqlx::query_scalar::<_, Option<String>>("SELECT derived FROM media WHERE hash = ?1")
        .bind(&hash)
        .fetch_one(&server.pool)
        .await
        .unwrap()
        .is_none()
    {
        assert!(
            copies.elapsed().as_secs() < 60,
            "the copies were never made"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    b.goto(&server, &format!("/articles/{SEED_A}")).await;
    let img = format!(".body picture img[src='/media/{hash}.png']");
    assert_eq!(b.attr(&img, "width").await, "1000");
    assert_eq!(b.attr(&img, "height").await, "600");
    assert!(
        b.attr(&img, "srcset")
            .await
            .contains(&format!("/media/{hash}-480.png 480w"))
    );
    let webp = b
        .attr(".body picture source[type='image/webp']", "srcset")
        .await;
    assert!(
        webp.contains(&format!("/media/{hash}-960.webp 960w")),
        "{webp}"
    );
    // The browser shows it: a copy was chosen and loaded.
    let shown = b
        .client
        .execute(
            "const i = document.querySelector(arguments[0]);
             i.scrollIntoView();
             await i.decode();
             return [i.naturalWidth, i.currentSrc];",
            vec![img.clone().into()],
        )
        .await
        .unwrap();
    assert!(
        shown[0].as_u64().unwrap() > 0 && shown[1].as_str().unwrap().contains(&hash),
        "{shown}"
    );

    // The cover: chosen from the library in the dialog.
    open_editor(&b, &server, id).await;
    b.click("#choose-headimg").await;
    b.click(&format!(
        "#media-dialog-grid button[data-url='/media/{hash}.png']"
    ))
    .await;
    assert_eq!(b.value("#headimg").await, format!("/media/{hash}.png"));
    assert_eq!(
        b.attr("#preview-headimg", "src").await,
        format!("/media/{hash}.png"),
        "the cover's preview shows folio's own images too"
    );
}
