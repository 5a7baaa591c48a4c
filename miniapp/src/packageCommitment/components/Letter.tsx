import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { ANSWER_LABELS, type CommitmentColour, type RichBlock, type SelfCheckAnswer, type SelfCheckItem } from '@safegrid/shared';
import { ANSWER_OPTIONS, colourStyle } from '../lib';
import { tagColours, useOnHero } from '../../components/Hero';

/** A letter's rich text: headings, paragraphs and numbered lists, as the PDF and the hash read them. */
export function Blocks({ blocks }: { blocks: RichBlock[] }) {
  return (
    <View className="cm-blocks">
      {blocks.map((b, i) =>
        b.kind === 'heading' ? (
          <View key={i} className="cm-heading">
            <Text>{b.text}</Text>
          </View>
        ) : b.kind === 'paragraph' ? (
          <View key={i} className="cm-paragraph">
            <Text>{b.text}</Text>
          </View>
        ) : (
          <View key={i} className="cm-list">
            {b.items.map((item, j) => (
              <View key={j} className="cm-list-item">
                <Text className="cm-list-no">{`${j + 1}.`}</Text>
                <Text className="cm-list-text">{item}</Text>
              </View>
            ))}
          </View>
        ),
      )}
    </View>
  );
}

/** The letter's colour as a band with its name in words (a colour alone says nothing to some readers). */
export function ColourBand({ colour }: { colour: CommitmentColour }) {
  const c = tagColours(colourStyle(colour), useOnHero());
  return (
    <View className="cm-band" style={{ background: c.background, color: c.color, borderColor: c.border }}>
      <Text>{`${colour}色`}</Text>
    </View>
  );
}

/** A numbered part of the letter: 一、告知书. */
export function Part({ title }: { title: string }) {
  return (
    <View className="cm-part">
      <Text>{title}</Text>
    </View>
  );
}

const ANSWER_CLASS = { yes: 'cm-answer-yes', no: 'cm-answer-no', na: 'cm-answer-na' } as const;

/** The self-check as answered: each item, its basis, the answer and its note. */
export function AnsweredItems({ items, answers }: { items: SelfCheckItem[]; answers: SelfCheckAnswer[] }) {
  return (
    <View className="cm-items">
      {items.map((item, i) => {
        const a = answers.find((x) => x.itemId === item.id);
        return (
          <View key={item.id} className="cm-item">
            <View className="cm-item-text">
              <Text>{`${i + 1}. ${item.text}`}</Text>
            </View>
            {item.basis ? <View className="muted cm-item-basis">{`依据：${item.basis}`}</View> : null}
            <View className="cm-item-result">
              {a ? <Text className={`cm-answer ${ANSWER_CLASS[a.answer]}`}>{ANSWER_LABELS[a.answer]}</Text> : <Text className="muted">未作答</Text>}
            </View>
            {a?.note ? (
              <View className="cm-item-note">
                <Text>{`说明：${a.note}`}</Text>
              </View>
            ) : null}
          </View>
        );
      })}
    </View>
  );
}

/** The answer chips as the owner sees them, not to be tapped (a preview). */
function PreviewChoices() {
  return (
    <View className="choices cm-preview-choices">
      {ANSWER_OPTIONS.map((o) => (
        <View key={o.value} className="choice">
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * The letter as the owner reads it before signing: 一、告知书, 二、自查表 (each item with what
 * `answer` draws under it: the sign page's choices and notes; by default the chips, read-only),
 * 三、承诺书, and the mark of its end (signing unlocks once it has been on screen).
 */
export function LetterBody({
  notice,
  selfCheck,
  commitment,
  itemClass,
  answer,
}: {
  notice: RichBlock[];
  selfCheck: SelfCheckItem[];
  commitment: RichBlock[];
  itemClass?: (item: SelfCheckItem) => string;
  answer?: (item: SelfCheckItem) => ReactNode;
}) {
  return (
    <View>
      <Part title="一、告知书" />
      <Blocks blocks={notice} />

      <Part title="二、自查表" />
      <View className="cm-warn">
        <Text>选择“不符合”的项目须写明情况；签署后这些项目将作为隐患交由网格员核实，并需按期整改。</Text>
      </View>
      <View className="cm-items">
        {selfCheck.map((item, i) => (
          <View key={item.id} id={`cm-item-${item.id}`} className={`cm-item cm-item-edit ${itemClass?.(item) ?? ''}`}>
            <View className="cm-item-text">
              <Text>{`${i + 1}. ${item.text}`}</Text>
            </View>
            {item.basis ? <View className="muted cm-item-basis">{`依据：${item.basis}`}</View> : null}
            {answer ? answer(item) : <PreviewChoices />}
          </View>
        ))}
      </View>

      <Part title="三、承诺书" />
      <Blocks blocks={commitment} />
      {/* The end of the letter: signing unlocks once this has been on screen. */}
      <View id="cm-end" className="cm-end" />
    </View>
  );
}
