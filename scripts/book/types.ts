import type { Element, Root as HastRoot } from 'hast';
import type { Heading as MdHeading, Root as MdRoot } from 'mdast';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import type { BookConfig } from '../config/load-config.js';
import type { ContentRepair } from './content-model.js';
import type { Figure } from './figures.js';

/** A heading of the book, with its GitHub slug (for authors' links) and its book-wide id. */
export interface Heading {
  readonly chapter: number;
  readonly depth: number;
  readonly text: string;
  /** GitHub's slug of the text within its file: what authors write after `#`. */
  readonly slug: string;
  /** The id in every output: unique across the whole book. */
  readonly id: string;
  readonly node: MdHeading;
}

/** Where an internal link or an image points, once resolved. */
export interface Target {
  readonly chapter: number;
  /** A book-wide id, or undefined for the top of the chapter. */
  readonly id: string | undefined;
}

/** A link or image found in a chapter (Markdown or raw HTML), resolved against the book. */
export interface Reference {
  readonly kind: 'link' | 'image';
  readonly chapter: number;
  readonly element: Element;
  readonly url: string;
  /**
   * The URL as its author wrote it, for messages: the HTML made from Markdown percent-encodes it
   * (`%E7%AB%A0.md` for `章.md`), raw HTML keeps it as written.
   */
  readonly written: string;
  readonly position: Position | undefined;
  /**
   * What the reference resolves to; `status` says why when it does not. `repository`: a file of the
   * book's folder that is not a chapter, linked on the web (`href`); `unlinked`: the same without
   * book.yaml's `repository`, shown as its text.
   */
  readonly status:
    | 'internal'
    | 'external'
    | 'repository'
    | 'unlinked'
    | 'asset'
    | 'missing'
    | 'unsupported'
    | 'broken'
    | 'unsafe'
    | 'remote';
  /** The chapter and heading; for `broken`, the chapter that has no such heading, if it is one. */
  readonly target?: Target;
  /** The local file or folder a link names, once resolved (for `broken`, `repository`, `unlinked`). */
  readonly file?: string;
  /** Whether that is a folder (for `repository`, `unlinked`). */
  readonly folder?: boolean;
  /** Where a `repository` link goes on the web. */
  readonly href?: string;
  readonly asset?: Asset;
}

/** A local file that the book embeds (an image), read once. */
export interface Asset {
  readonly source: string;
  /** Its path inside every output, such as `images/diagram.png`. */
  readonly href: string;
  /** The type read from the file's bytes. */
  readonly mediaType: string;
  /** The type the file's name says when it is not the real one (`none`: no image extension). */
  readonly namedType?: string;
  readonly data: Buffer;
  /** An SVG whose scripts were removed before embedding (the checker reports it). */
  readonly scriptsRemoved: boolean;
}

/** One chapter file: its text, its trees and what was found in it. */
export interface Chapter {
  readonly index: number;
  readonly file: VFile;
  /** The output base name (`01-intro`): `01-intro.html`, `01-intro.xhtml`. */
  readonly name: string;
  /** The book-wide id of the chapter's start. */
  readonly id: string;
  readonly title: string;
  readonly mdast: MdRoot;
  /** The chapter as HTML tree: raw HTML parsed, heading ids set, positions kept. */
  readonly hast: HastRoot;
  readonly headings: readonly Heading[];
  /** Its numbered figures and tables (figures.ts). */
  readonly figures: readonly Figure[];
  /**
   * Ids written in raw HTML, in order, on their elements; one written before is `dropped` from its element in the
   * outputs.
   */
  readonly rawIds: readonly {
    /** The id as written. */
    id: string;
    position: Position | undefined;
    element: Element;
    /** Written before in this chapter: every output leaves it off this element. */
    dropped: boolean;
    /**
     * Written in an earlier chapter: ids are a file's own, as on GitHub, so this one gets a new id in the book, which
     * links in its chapter follow.
     */
    renamed?: string;
  }[];
  /** What HTML's content model changed in the chapter's raw HTML (the raw-html rule reports it). */
  readonly repairs: readonly ContentRepair[];
}

/** The Book model: built once from the config and the manuscript, then only read. */
export interface Book {
  readonly config: BookConfig;
  readonly chapters: readonly Chapter[];
  readonly headings: readonly Heading[];
  readonly references: readonly Reference[];
  readonly assets: readonly Asset[];
  /** book.yaml's cover image, also among the assets. */
  readonly cover: Asset | undefined;
  /** Every `[TOC]` marker paragraph; the first becomes the table of contents. */
  readonly tocMarkers: readonly { chapter: number; position: Position | undefined; alone: boolean }[];
}

/** Marks a `[TOC]` paragraph in the HTML tree; the transform stage fills or drops it. */
export const tocClass = 'book-toc';
