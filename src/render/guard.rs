//! The sanitiser's guard: what a body costs to parse, measured by parsing it.
//!
//! html5ever's tree builder scans its stack of open elements for most tags
//! ("is a `p` in button scope?"), so its cost grows with the nesting it
//! builds: 100,000 nested `div`s took 162 s. Nesting cannot be estimated
//! from the tags alone (an end tag that matches nothing is ignored by the
//! parser, a misnested `</b>` rebuilds elements, a table moves them), so
//! the guard runs html5ever's own tree builder over the input, as ammonia
//! will, with a sink that keeps no tree: it counts the depth each element is
//! inserted at and every look the builder takes at its stack (each call of
//! `elem_name` or `same_node`). Input is fed a few KiB at a time and the
//! trial stops as soon as a limit is passed, so the guard itself is linear.
//! Input it passes costs ammonia the same work, which is linear too.

use std::borrow::Cow;
use std::cell::Cell;
use std::rc::Rc;

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, ParseOpts, QualName, local_name, ns, parse_fragment};

/// The deepest element nesting shown as HTML (browsers stop at 512 too).
pub const MAX_NESTING: u32 = 512;
/// Looks at the stack of open elements the parser may take per input byte.
/// Ordinary HTML takes under 2 (the seeds: 0.6 and 0.9); nesting 512 deep
/// in 1 MiB takes about 48.
pub const WORK_PER_BYTE: u64 = 64;
/// The floor of the work budget, for short inputs.
const MIN_WORK: u64 = 1 << 20;
/// Bytes fed to the trial parser between two checks.
const CHUNK: usize = 4096;

/// Why a body is not parsed as HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooCostly {
    Nesting,
    Work,
}

/// What parsing a body cost the trial parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// The deepest an element was inserted.
    pub depth: u32,
    /// Looks at the stack of open elements.
    pub work: u64,
}

/// Whether ammonia may parse `html` in bounded time, and what it costs when
/// it may.
pub fn check(html: &str) -> Result<Cost, TooCostly> {
    let meter = Rc::new(Meter {
        budget: (html.len() as u64)
            .saturating_mul(WORK_PER_BYTE)
            .max(MIN_WORK),
        ..Meter::default()
    });
    let sink = Sink(meter.clone());
    // The same context ammonia parses fragments in.
    let context = QualName::new(None, ns!(html), local_name!("div"));
    let mut parser = parse_fragment(sink, ParseOpts::default(), context, vec![], false);
    let mut rest = html;
    while !rest.is_empty() {
        let mut at = rest.len().min(CHUNK);
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..at]));
        rest = &rest[at..];
        meter.verdict()?;
    }
    // The end of input closes every open element: more looks at the stack.
    parser.finish();
    meter.verdict()?;
    Ok(Cost {
        depth: meter.nesting(),
        work: meter.work.get(),
    })
}

#[derive(Default)]
struct Meter {
    work: Cell<u64>,
    budget: u64,
    deepest: Cell<u32>,
}

impl Meter {
    /// The body's nesting: a fragment's elements go into an `html` root
    /// the parser makes first, which is not the body's.
    fn nesting(&self) -> u32 {
        self.deepest.get().saturating_sub(1)
    }

    fn verdict(&self) -> Result<(), TooCostly> {
        if self.nesting() > MAX_NESTING {
            Err(TooCostly::Nesting)
        } else if self.work.get() > self.budget {
            Err(TooCostly::Work)
        } else {
            Ok(())
        }
    }

    fn look(&self) {
        self.work.set(self.work.get() + 1);
    }

    fn placed(&self, node: &Node, depth: u32) {
        node.depth.set(depth);
        self.deepest.set(self.deepest.get().max(depth));
    }
}

/// An element as the guard knows it: its name (which the tree builder asks
/// for) and the depth it was inserted at. Nodes are not linked: one the
/// parser lets go of is freed at once, so the guard holds about as many as
/// the parser's stack.
struct Node {
    name: QualName,
    depth: Cell<u32>,
}

type Handle = Rc<Node>;

struct Sink(Rc<Meter>);

impl Sink {
    fn node(name: QualName) -> Handle {
        Rc::new(Node {
            name,
            depth: Cell::new(0),
        })
    }

    fn anonymous() -> Handle {
        Self::node(QualName::new(None, ns!(), local_name!("")))
    }
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = ();
    type ElemName<'a> = &'a QualName;

    fn finish(self) {}

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        Self::anonymous()
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> &'a QualName {
        self.0.look();
        &target.name
    }

    fn create_element(&self, name: QualName, _: Vec<Attribute>, _: ElementFlags) -> Handle {
        Self::node(name)
    }

    fn create_comment(&self, _text: StrTendril) -> Handle {
        Self::anonymous()
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        Self::anonymous()
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        if let NodeOrText::AppendNode(child) = child {
            self.0.placed(&child, parent.depth.get() + 1);
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        // Without the tree the guard cannot tell which applies; the deeper
        // of the two is counted.
        let depth = element.depth.get().max(prev_element.depth.get() + 1);
        if let NodeOrText::AppendNode(child) = child {
            self.0.placed(&child, depth);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Handle) -> Handle {
        target.clone()
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        self.0.look();
        Rc::ptr_eq(x, y)
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        if let NodeOrText::AppendNode(child) = new_node {
            self.0.placed(&child, sibling.depth.get());
        }
    }

    fn add_attrs_if_missing(&self, _target: &Handle, _attrs: Vec<Attribute>) {}

    fn remove_from_parent(&self, _target: &Handle) {}

    /// The adoption agency moves children one level down; the moved
    /// subtrees keep the depth counted when they were inserted. Each such
    /// move is one of the parser's looks, so the work budget bounds what the
    /// count misses.
    fn reparent_children(&self, _node: &Handle, _new_parent: &Handle) {
        self.0.look();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_html_passes_with_its_depth() {
        assert_eq!(check("<div><p><b>a</b></p></div>").map(|c| c.depth), Ok(3));
        assert_eq!(check("plain text").map(|c| c.depth), Ok(0));
    }

    #[test]
    fn nesting_past_the_limit_is_refused() {
        let deep = "<span>".repeat(MAX_NESTING as usize + 1);
        assert_eq!(check(&deep), Err(TooCostly::Nesting));
        let ok = "<span>".repeat(MAX_NESTING as usize);
        assert_eq!(check(&ok).map(|c| c.depth), Ok(MAX_NESTING));
    }

    #[test]
    fn end_tags_that_match_nothing_do_not_hide_nesting() {
        // The parser ignores `</span>` here: the divs nest 2,000 deep.
        let html = "<div></span>".repeat(2000);
        assert_eq!(check(&html), Err(TooCostly::Nesting));
    }

    #[test]
    fn misnested_formatting_is_counted_as_the_parser_builds_it() {
        // `</b>` inside a `div` makes the adoption agency rebuild the `b`s.
        let html = "<b><div>".repeat(1000) + &"</b>".repeat(1000);
        assert!(check(&html).is_err());
    }
}
